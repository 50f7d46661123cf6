package dev.helix.gateway.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import org.jspecify.annotations.Nullable;

/**
 * One-shot translation between OpenAI Chat Completions JSON and Anthropic's Messages API.
 *
 * <p>Anything that cannot be translated faithfully throws {@link IllegalArgumentException} whose message names
 * the field path, e.g. {@code messages[2].tool_calls[0].function.arguments is not valid JSON}; content is never
 * dropped silently. OpenAI fields with no Anthropic counterpart that do not carry content (penalties, seed, ...)
 * are ignored. See {@link RequestTranslator} and {@link ResponseTranslator} for the detailed mapping.
 */
public final class AnthropicFormat {
    /** The provider name in refusals such as "... is not supported by anthropic deployments here". */
    static final String PROVIDER = "anthropic";

    private AnthropicFormat() {}

    /**
     * OpenAI chat request to a Messages API request body for {@code upstreamModel}.
     *
     * @throws IllegalArgumentException when the request cannot be expressed for Anthropic (the message names
     *                                  the field)
     */
    public static ObjectNode toMessagesRequest(JsonNode chatRequest, String upstreamModel, boolean stream) {
        return RequestTranslator.translate(chatRequest, upstreamModel, stream);
    }

    /** Messages API response to an OpenAI {@code chat.completion}, with {@code model} set to {@code clientModel}. */
    public static ObjectNode toChatCompletion(JsonNode messagesResponse, String clientModel) {
        return toChatCompletion(messagesResponse, clientModel, Clock.systemUTC());
    }

    /** As {@link #toChatCompletion(JsonNode, String)}, with {@code created} read from {@code clock}. */
    public static ObjectNode toChatCompletion(JsonNode messagesResponse, String clientModel, Clock clock) {
        return ResponseTranslator.translate(messagesResponse, clientModel, clock);
    }

    /** The message of an Anthropic error body {@code {type:"error", error:{type, message}}}, or null. */
    public static @Nullable String errorMessage(@Nullable JsonNode body) {
        JsonNode message = body == null ? null : body.path("error").get("message");
        return message != null && message.isTextual() ? message.asText() : null;
    }
}
