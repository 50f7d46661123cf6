package dev.helix.gateway;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How an embeddings call made from inside Helix ended.
 *
 * @param status        {@link CallStatus#COMPLETE}, {@link CallStatus#FAILED} or {@link CallStatus#REFUSED}
 * @param vectors       one vector per input text, in the order of the inputs; empty unless complete
 * @param model         the gateway model asked for
 * @param deployment    the deployment that answered, or null if none did
 * @param promptTokens  the tokens of the inputs, as the provider counted them
 * @param costUsd       what the call cost in US dollars, to the nano-dollar, as usage records it
 * @param latencyMillis how long the call took
 * @param error         what went wrong when not complete; null then
 */
public record EmbeddingsResult(
        CallStatus status,
        List<float[]> vectors,
        String model,
        @Nullable String deployment,
        long promptTokens,
        BigDecimal costUsd,
        long latencyMillis,
        @Nullable String error) {
    public EmbeddingsResult {
        Objects.requireNonNull(status, "status");
        vectors = List.copyOf(vectors);
        Objects.requireNonNull(costUsd, "costUsd");
        if ((status == CallStatus.COMPLETE) != (error == null)) {
            throw new IllegalArgumentException("a result has an error exactly when it is not complete");
        }
    }

    /** A call that got no answer: refused, or failed. */
    static EmbeddingsResult unanswered(CallStatus status, String model, long latencyMillis, String error) {
        return new EmbeddingsResult(status, List.of(), model, null, 0, BigDecimal.ZERO, latencyMillis, error);
    }

    /** Whether every vector arrived. */
    public boolean complete() {
        return status == CallStatus.COMPLETE;
    }
}
