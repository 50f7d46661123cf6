package dev.helix.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * Deterministic embedding vectors: the 64-bit FNV-1a hash of the text's UTF-8 bytes seeds a {@link SplittableRandom}
 * that draws each component uniformly from [-1, 1); the vector is then scaled to unit length, as real embeddings
 * are. The same text and length always give the same vector.
 */
final class Vectors {
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private Vectors() {}

    static float[] of(String text, int dimensions) {
        SplittableRandom random = new SplittableRandom(hash(text));
        float[] vector = new float[dimensions];
        double norm = 0;
        for (int i = 0; i < dimensions; i++) {
            vector[i] = (float) (random.nextDouble() * 2 - 1);
            norm += vector[i] * vector[i];
        }
        float scale = norm == 0 ? 1f : (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < dimensions; i++) {
            vector[i] *= scale;
        }
        return vector;
    }

    static ArrayNode json(float[] vector) {
        ArrayNode array = Json.array();
        for (float v : vector) {
            array.add(v);
        }
        return array;
    }

    /** The vector as OpenAI's {@code encoding_format: base64} sends it: little-endian float32s, base64-encoded. */
    static String base64(float[] vector) {
        ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : vector) {
            bytes.putFloat(v);
        }
        return Base64.getEncoder().encodeToString(bytes.array());
    }

    /**
     * The texts of an OpenAI {@code input}: a string, an array of strings, or token arrays (each array of numbers,
     * or the whole input when it is one, counts as one input whose text is its JSON).
     */
    static List<String> inputs(@Nullable JsonNode input) {
        List<String> texts = new ArrayList<>();
        if (input == null || input.isNull() || input.isMissingNode()) {
            return texts;
        }
        if (input.isTextual()
                || !input.isArray()
                || (!input.isEmpty() && input.get(0).isNumber())) {
            texts.add(input.isTextual() ? input.asText() : Json.text(input));
            return texts;
        }
        for (JsonNode item : input) {
            texts.add(item.isTextual() ? item.asText() : Json.text(item));
        }
        return texts;
    }

    static long hash(String text) {
        long hash = FNV_OFFSET;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= FNV_PRIME;
        }
        return hash;
    }
}
