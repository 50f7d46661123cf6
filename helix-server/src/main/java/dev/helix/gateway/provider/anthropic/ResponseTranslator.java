package dev.helix.gateway.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.helix.gateway.provider.format.Chat;
import dev.helix.gateway.provider.format.Fields;
import java.time.Clock;
import org.jspecify.annotations.Nullable;

/**
 * Builds an OpenAI {@code chat.completion} from a Messages API response, and holds the stop-reason and usage
 * mappings that {@link AnthropicStream} shares.
 *
 * <p>Implementation notes: {@code text} blocks are concatenated into {@code content}; {@code tool_use} blocks
 * become {@code tool_calls}; {@code thinking} and {@code redacted_thinking} blocks are not passed on (Helix does
 * not ask for extended thinking, and OpenAI's format has no standard field for it), nor are server-tool blocks,
 * which Helix never requests. {@code content} is null when the reply is only tool calls.
 */
final class ResponseTranslator {
    private ResponseTranslator() {}

    static ObjectNode translate(JsonNode response, String clientModel, Clock clock) {
        Fields.requireObject(response, "anthropic response");
        StringBuilder text = new StringBuilder();
        ArrayNode toolCalls = Fields.array();
        ArrayNode content = Fields.optionalArray(response, "content", "");
        if (content != null) {
            content.forEach(block -> addBlock(block, text, toolCalls));
        }
        ObjectNode message = Chat.message(text.toString(), toolCalls);
        String finish = finishReason(response.path("stop_reason").asText(null));
        ArrayNode choices = Fields.array().add(Chat.choice(0, message, finish));
        String id = response.path("id").asText(null);
        return Chat.completion(
                id == null ? "chatcmpl-" + Chat.randomSuffix() : "chatcmpl-" + id,
                clock.instant().getEpochSecond(),
                clientModel,
                choices,
                usage(response.path("usage")));
    }

    private static void addBlock(JsonNode block, StringBuilder text, ArrayNode toolCalls) {
        switch (block.path("type").asText()) {
            case "text" -> text.append(block.path("text").asText(""));
            case "tool_use" ->
                toolCalls.add(Chat.toolCall(
                        block.path("id").asText(""),
                        block.path("name").asText(""),
                        Fields.write(block.path("input").isObject() ? block.get("input") : Fields.object())));
            default -> {
                // thinking, redacted_thinking, server tool blocks: not part of an OpenAI chat message
            }
        }
    }

    /** Anthropic {@code stop_reason} to OpenAI {@code finish_reason}; null stays null. */
    static @Nullable String finishReason(@Nullable String stopReason) {
        if (stopReason == null) {
            return null;
        }
        return switch (stopReason) {
            case "max_tokens", "model_context_window_exceeded" -> "length";
            case "tool_use" -> "tool_calls";
            case "refusal" -> "content_filter";
            default -> "stop"; // end_turn, stop_sequence, pause_turn
        };
    }

    /** Anthropic usage to OpenAI usage, or null when the response carries none. */
    static @Nullable ObjectNode usage(@Nullable JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return null;
        }
        UsageCounts counts = new UsageCounts();
        counts.update(usage);
        return counts.toOpenAi();
    }
}
