package dev.helix.gateway.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import org.jspecify.annotations.Nullable;

/**
 * One-shot translation between OpenAI JSON (chat completions, embeddings) and the Gemini API
 * ({@code generateContent}, {@code batchEmbedContents}).
 *
 * <p>Anything that cannot be translated faithfully throws {@link IllegalArgumentException} whose message names
 * the field path, e.g. {@code messages[2].tool_calls[0].function.arguments is not valid JSON}; content is never
 * dropped silently. See {@link RequestTranslator}, {@link ContentsTranslator}, {@link SchemaCleaner},
 * {@link ResponseTranslator} and {@link EmbeddingsTranslator} for the detailed mapping.
 */
public final class GeminiFormat {
    /** The provider name in refusals such as "... is not supported by gemini deployments here". */
    static final String PROVIDER = "gemini";

    private GeminiFormat() {}

    /**
     * OpenAI chat request to a {@code generateContent} body; the model and streaming go in the URL.
     *
     * @throws IllegalArgumentException when the request cannot be expressed for Gemini (the message names the
     *                                  field)
     */
    public static ObjectNode toGenerateContentRequest(JsonNode chatRequest) {
        return RequestTranslator.translate(chatRequest);
    }

    /** {@code GenerateContentResponse} to an OpenAI {@code chat.completion} with {@code model = clientModel}. */
    public static ObjectNode toChatCompletion(JsonNode response, String clientModel) {
        return toChatCompletion(response, clientModel, Clock.systemUTC());
    }

    /** As {@link #toChatCompletion(JsonNode, String)}, with {@code created} read from {@code clock}. */
    public static ObjectNode toChatCompletion(JsonNode response, String clientModel, Clock clock) {
        return ResponseTranslator.translate(response, clientModel, clock);
    }

    /**
     * OpenAI embeddings request to a {@code batchEmbedContents} body:
     * {@code {requests:[{model:"models/<m>", content:{parts:[{text}]}}]}}, one request per input string.
     *
     * @throws IllegalArgumentException for token-array input or an unknown {@code encoding_format}
     */
    public static ObjectNode toBatchEmbedRequest(JsonNode embeddingsRequest, String upstreamModel) {
        return EmbeddingsTranslator.request(embeddingsRequest, upstreamModel);
    }

    /**
     * {@code batchEmbedContents} response to an OpenAI embeddings list with float vectors. Gemini reports no
     * token count, so {@code promptTokens} (the caller's estimate) fills {@code usage}.
     */
    public static ObjectNode toEmbeddingsResponse(JsonNode batchEmbedResponse, String clientModel, long promptTokens) {
        return toEmbeddingsResponse(batchEmbedResponse, clientModel, promptTokens, "float");
    }

    /**
     * As {@link #toEmbeddingsResponse(JsonNode, String, long)}, honouring the client's {@code encoding_format}
     * ({@code float}, or {@code base64}: little-endian float32 values, as OpenAI sends them). Pass
     * {@link #encodingFormat(JsonNode)} of the client's request.
     */
    public static ObjectNode toEmbeddingsResponse(
            JsonNode batchEmbedResponse, String clientModel, long promptTokens, String encodingFormat) {
        return EmbeddingsTranslator.response(batchEmbedResponse, clientModel, promptTokens, encodingFormat);
    }

    /** The {@code encoding_format} an embeddings request asks for: {@code float} (the default) or {@code base64}. */
    public static String encodingFormat(JsonNode embeddingsRequest) {
        return EmbeddingsTranslator.encodingFormat(embeddingsRequest);
    }

    /** The message of a Gemini error body {@code {error:{code, message, status}}} (or a one-element array of it). */
    public static @Nullable String errorMessage(@Nullable JsonNode body) {
        JsonNode error = body == null ? null : body.isArray() ? body.path(0) : body;
        JsonNode message = error == null ? null : error.path("error").get("message");
        return message != null && message.isTextual() ? message.asText() : null;
    }
}
