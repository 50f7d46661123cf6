package dev.helix.gateway.provider.gemini;

import static dev.helix.gateway.provider.format.Fields.at;
import static dev.helix.gateway.provider.format.Fields.invalid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.helix.gateway.provider.format.Fields;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * Maps OpenAI {@code /v1/embeddings} to Gemini {@code batchEmbedContents} and back.
 *
 * <p>Implementation notes: {@code input} must be text (a string or an array of strings); token arrays cannot
 * be translated and are refused. {@code dimensions} becomes {@code outputDimensionality}. Gemini returns
 * floats; with {@code encoding_format: base64} (the OpenAI Python SDK's default) each vector is written as
 * OpenAI does: little-endian float32 values, base64-encoded. Gemini reports no token count, so the caller
 * passes its own estimate.
 */
final class EmbeddingsTranslator {
    private EmbeddingsTranslator() {}

    static ObjectNode request(JsonNode embeddings, String upstreamModel) {
        Fields.requireObject(embeddings, "embeddings request");
        encodingFormat(embeddings);
        Integer dimensions = Fields.optionalPositiveInt(embeddings, "dimensions", "");
        String model = upstreamModel.startsWith("models/") ? upstreamModel : "models/" + upstreamModel;
        ObjectNode out = Fields.object();
        ArrayNode requests = out.putArray("requests");
        for (JsonNode text : inputs(Fields.given(embeddings, "input"))) {
            ObjectNode request = requests.addObject().put("model", model);
            request.putObject("content").putArray("parts").add(Parts.textPart(text.asText()));
            if (dimensions != null) {
                request.put("outputDimensionality", dimensions);
            }
        }
        return out;
    }

    /** The request's {@code encoding_format}: {@code float} (also when absent) or {@code base64}. */
    static String encodingFormat(JsonNode embeddings) {
        String format = Fields.optionalText(embeddings, "encoding_format", "");
        if (format == null || format.equals("float")) {
            return "float";
        }
        if (!format.equals("base64")) {
            throw invalid("encoding_format", "'" + format + "' is not one of float, base64");
        }
        return format;
    }

    private static ArrayNode inputs(@Nullable JsonNode input) {
        if (input == null) {
            throw invalid("input", "is required");
        }
        if (input.isTextual()) {
            return Fields.array().add(input);
        }
        if (!input.isArray() || input.isEmpty()) {
            throw invalid("input", "must be a string or a non-empty array of strings");
        }
        for (int i = 0; i < input.size(); i++) {
            if (!input.get(i).isTextual()) {
                throw invalid(at("input", i), "must be a string; token arrays cannot be sent to gemini deployments");
            }
        }
        return (ArrayNode) input;
    }

    static ObjectNode response(JsonNode batch, String clientModel, long promptTokens, String encodingFormat) {
        Fields.requireObject(batch, "gemini batchEmbedContents response");
        boolean base64 = "base64".equals(encodingFormat);
        ArrayNode embeddings = Fields.optionalArray(batch, "embeddings", "");
        if (embeddings == null) {
            throw invalid("embeddings", "is missing from the gemini response");
        }
        ObjectNode out = Fields.object().put("object", "list");
        ArrayNode data = out.putArray("data");
        for (int i = 0; i < embeddings.size(); i++) {
            ArrayNode values = Fields.optionalArray(embeddings.get(i), "values", at("embeddings", i));
            if (values == null) {
                throw invalid(at(at("embeddings", i), "values"), "is missing from the gemini response");
            }
            ObjectNode item = data.addObject().put("object", "embedding").put("index", i);
            item.set("embedding", base64 ? Fields.NODES.textNode(base64(values)) : values.deepCopy());
        }
        out.put("model", clientModel);
        out.putObject("usage").put("prompt_tokens", promptTokens).put("total_tokens", promptTokens);
        return out;
    }

    private static String base64(ArrayNode values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.size() * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        values.forEach(value -> buffer.putFloat(value.floatValue()));
        return Base64.getEncoder().encodeToString(buffer.array());
    }
}
