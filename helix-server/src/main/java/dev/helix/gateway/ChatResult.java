package dev.helix.gateway;

import java.math.BigDecimal;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How a chat completion made from inside Helix ended, with the figures its usage record holds.
 *
 * @param status           how it ended
 * @param text             the answer's text: all of it when {@link CallStatus#COMPLETE}, what arrived when
 *                         {@link CallStatus#CUT}, empty otherwise (and when the answer is a tool call)
 * @param model            the gateway model asked for
 * @param deployment       the deployment that answered ({@code provider/model}), or null if none did
 * @param promptTokens     prompt tokens, as the provider counted them (0 when it did not say, or for a cache hit)
 * @param completionTokens completion tokens, likewise
 * @param costUsd          what the call cost in US dollars, to the nano-dollar, as usage records it
 * @param latencyMillis    how long the call took
 * @param finishReason     why the model stopped ({@code stop}, {@code length}, {@code tool_calls}, ...), or null if
 *                         the answer did not say
 * @param cacheHit         whether Helix's exact-match cache answered
 * @param error            what went wrong, for anything but {@link CallStatus#COMPLETE}; null then
 */
public record ChatResult(
        CallStatus status,
        String text,
        String model,
        @Nullable String deployment,
        long promptTokens,
        long completionTokens,
        BigDecimal costUsd,
        long latencyMillis,
        @Nullable String finishReason,
        boolean cacheHit,
        @Nullable String error) {
    public ChatResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(costUsd, "costUsd");
        if ((status == CallStatus.COMPLETE) != (error == null)) {
            throw new IllegalArgumentException("a result has an error exactly when it is not complete");
        }
    }

    /** A call that got no answer: refused, or failed before any text arrived. */
    static ChatResult unanswered(CallStatus status, String model, long latencyMillis, String error) {
        return new ChatResult(status, "", model, null, 0, 0, BigDecimal.ZERO, latencyMillis, null, false, error);
    }

    /** Whether the whole answer arrived. */
    public boolean complete() {
        return status == CallStatus.COMPLETE;
    }
}
