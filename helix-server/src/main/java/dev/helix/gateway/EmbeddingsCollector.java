package dev.helix.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.gateway.usage.UsageRecord;
import dev.helix.internal.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Collects an embeddings answer for a caller inside Helix: the vectors by input and the usage record. */
final class EmbeddingsCollector implements AnswerSink {
    private final int inputs;
    private @Nullable List<float[]> vectors;
    private @Nullable String problem;
    private @Nullable UsageRecord record;

    EmbeddingsCollector(int inputs) {
        this.inputs = inputs;
    }

    @Override
    public void complete(Map<String, String> headers, byte[] json) {
        try {
            vectors = vectors(Json.mapper().readTree(json).path("data"));
        } catch (IOException | IllegalArgumentException e) {
            problem = "the embeddings answer could not be read: " + e.getMessage();
        }
    }

    @Override
    public void open(Map<String, String> headers) {
        throw new IllegalStateException("embeddings are never streamed");
    }

    @Override
    public void chunk(byte[] json) {
        throw new IllegalStateException("embeddings are never streamed");
    }

    @Override
    public void comment(String text) {}

    @Override
    public void done() {}

    @Override
    public void recorded(UsageRecord record) {
        this.record = record;
    }

    /** The result of a call that was answered. */
    EmbeddingsResult result(String model, long latencyMillis) {
        UsageRecord r = record;
        List<float[]> got = vectors;
        String error = got == null ? (problem == null ? "no embeddings arrived" : problem) : null;
        return new EmbeddingsResult(
                error == null ? CallStatus.COMPLETE : CallStatus.FAILED,
                got == null ? List.of() : got,
                model,
                r == null ? null : r.deployment(),
                r == null ? 0 : r.usage().promptTokens(),
                GatewayCalls.cost(r),
                r == null ? latencyMillis : r.latencyMillis(),
                error);
    }

    /** OpenAI's {@code data}, ordered by each item's {@code index}; one vector of numbers per input. */
    private List<float[]> vectors(JsonNode data) {
        float[][] byIndex = new float[inputs][];
        for (JsonNode item : data) {
            int index = item.path("index").asInt(-1);
            JsonNode embedding = item.path("embedding");
            if (index < 0 || index >= inputs || !embedding.isArray()) {
                throw new IllegalArgumentException("an item has no valid index or no embedding array");
            }
            float[] vector = new float[embedding.size()];
            for (int i = 0; i < vector.length; i++) {
                vector[i] = (float) embedding.get(i).asDouble();
            }
            byIndex[index] = vector;
        }
        List<float[]> out = new ArrayList<>(Arrays.asList(byIndex));
        if (out.contains(null)) {
            throw new IllegalArgumentException(data.size() + " vectors for " + inputs + " inputs");
        }
        return out;
    }
}
