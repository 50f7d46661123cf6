package dev.helix.gateway.usage;

import dev.helix.auth.KeyLimits;
import dev.helix.gateway.provider.Usage;
import dev.helix.internal.Names;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One LLM request as recorded: who made it, what it used and cost, and how it went. The constructor refuses
 * impossible values (negative counts, a cost that is negative or not finite), so a bad record fails where it is
 * made and never blocks a batch of others later.
 *
 * <p>{@code costUsd} is a {@code double} of US dollars; it is rounded once to the nearest nano-dollar (1e-9 USD) when
 * recorded, and all sums (spend, budgets, reports) are exact integers of nano-dollars from there on.
 *
 * @param at               when the request arrived
 * @param requestId        the request id (as in {@code X-Request-Id}); the same one given to
 *                         {@link Accounting#admit(String, String, long)}, so the token estimate can be corrected
 * @param keyId            the API key that made it
 * @param model            the model the client asked for, or null if it named none that is configured
 * @param provider         the provider that answered (or last failed), or null if none was tried
 * @param deployment       the provider deployment that answered, or null
 * @param usage            the tokens it used ({@link Usage#NONE} when no provider answered)
 * @param costUsd          what the request cost, in US dollars
 * @param latencyMillis    how long the client waited
 * @param status           the HTTP status the client got; 400 and above count as errors
 * @param cacheHit         whether Helix's response cache answered it
 * @param attempts         how many provider calls were made (0 for a cache hit)
 * @param failedAnswers    how many of them failed after the provider had started a success answer (cut, timed out
 *                         or unreadable): providers may bill these, but what they used is not known, so it is not in
 *                         the tokens and cost
 * @param refused          why the gateway refused the request without calling a provider, or null if it did not;
 *                         only with a status of 400 or above
 * @param agent            the agent the request was made for (an agent id), or null if it did not say
 * @param task             the task the request did (a task name such as {@code chat}), or null if it did not say
 */
public record UsageRecord(
        Instant at,
        String requestId,
        String keyId,
        @Nullable String model,
        @Nullable String provider,
        @Nullable String deployment,
        Usage usage,
        double costUsd,
        long latencyMillis,
        int status,
        boolean cacheHit,
        int attempts,
        int failedAnswers,
        @Nullable Refusal refused,
        @Nullable String agent,
        @Nullable String task) {
    /** A record without an agent or a task. */
    public UsageRecord(
            Instant at,
            String requestId,
            String keyId,
            @Nullable String model,
            @Nullable String provider,
            @Nullable String deployment,
            Usage usage,
            double costUsd,
            long latencyMillis,
            int status,
            boolean cacheHit,
            int attempts,
            int failedAnswers,
            @Nullable Refusal refused) {
        this(
                at,
                requestId,
                keyId,
                model,
                provider,
                deployment,
                usage,
                costUsd,
                latencyMillis,
                status,
                cacheHit,
                attempts,
                failedAnswers,
                refused,
                null,
                null);
    }

    /** A request the gateway did not refuse, with no answer failed after it started: served, or failed. */
    public UsageRecord(
            Instant at,
            String requestId,
            String keyId,
            String model,
            String provider,
            String deployment,
            Usage usage,
            double costUsd,
            long latencyMillis,
            int status,
            boolean cacheHit,
            int attempts) {
        this(
                at,
                requestId,
                keyId,
                model,
                provider,
                deployment,
                usage,
                costUsd,
                latencyMillis,
                status,
                cacheHit,
                attempts,
                0,
                null);
    }

    /** A request refused for {@code refused} with {@code status}, {@code latencyMillis} after it arrived. */
    public static UsageRecord refused(
            Instant at,
            String requestId,
            String keyId,
            @Nullable String model,
            Refusal refused,
            int status,
            long latencyMillis) {
        return new UsageRecord(
                at, requestId, keyId, model, null, null, Usage.NONE, 0, latencyMillis, status, false, 0, 0, refused);
    }

    /** This record with {@code failedAnswers}. */
    public UsageRecord withFailedAnswers(int failedAnswers) {
        return new UsageRecord(
                at,
                requestId,
                keyId,
                model,
                provider,
                deployment,
                usage,
                costUsd,
                latencyMillis,
                status,
                cacheHit,
                attempts,
                failedAnswers,
                refused,
                agent,
                task);
    }

    /** This record made for {@code agent} and doing {@code task} (either may be null). */
    public UsageRecord attributedTo(@Nullable String agent, @Nullable String task) {
        return new UsageRecord(
                at,
                requestId,
                keyId,
                model,
                provider,
                deployment,
                usage,
                costUsd,
                latencyMillis,
                status,
                cacheHit,
                attempts,
                failedAnswers,
                refused,
                agent,
                task);
    }

    public UsageRecord {
        Objects.requireNonNull(at, "at");
        if (keyId == null || keyId.isBlank()) {
            throw new IllegalArgumentException("a usage record needs the key id");
        }
        Objects.requireNonNull(usage, "usage");
        requireNotNegative("promptTokens", usage.promptTokens());
        requireNotNegative("completionTokens", usage.completionTokens());
        requireNotNegative("cachedTokens", usage.cachedTokens());
        requireNotNegative("reasoningTokens", usage.reasoningTokens());
        requireNotNegative("latencyMillis", latencyMillis);
        requireNotNegative("attempts", attempts);
        if (failedAnswers < 0 || failedAnswers > attempts) {
            throw new IllegalArgumentException(
                    "failedAnswers must be from 0 to attempts (" + attempts + "), not " + failedAnswers);
        }
        if (!Double.isFinite(costUsd) || costUsd < 0 || costUsd > KeyLimits.MAX_BUDGET_USD) {
            throw new IllegalArgumentException("costUsd must be a finite number from 0 to 1e9, not " + costUsd);
        }
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status must be an HTTP status from 100 to 599, not " + status);
        }
        if (refused != null && status < 400) {
            throw new IllegalArgumentException(
                    "a request refused (" + refused.id() + ") has an error status, not " + status);
        }
        if (agent != null && !Names.isAgentId(agent)) {
            throw new IllegalArgumentException("agent must be an agent id (" + Names.AGENT_ID_RULE + ")");
        }
        if (task != null && !Names.isTask(task)) {
            throw new IllegalArgumentException("task must be a task name (" + Names.TASK_RULE + ")");
        }
    }

    /** Prompt plus completion tokens: what counts towards a key's tokens per minute. */
    public long totalTokens() {
        return usage.totalTokens();
    }

    private static void requireNotNegative(String field, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " must not be negative, not " + value);
        }
    }
}
