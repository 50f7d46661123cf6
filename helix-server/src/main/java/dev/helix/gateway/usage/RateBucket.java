package dev.helix.gateway.usage;

import dev.helix.ratelimit.ClockTimeMeter;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Clock;
import java.time.Duration;

/**
 * A {@link MinuteLimit} counted in this node's memory: a Bucket4j token bucket timed by the injected {@link Clock}.
 * Debt is charged with {@code consumeIgnoringRateLimits}, units given back with {@code addTokens}.
 */
final class RateBucket implements MinuteLimit {
    private static final Duration MINUTE = Duration.ofMinutes(1);
    private final int limit;
    private final Bucket bucket;
    private final Clock clock;

    RateBucket(int limit, Clock clock) {
        this.limit = limit;
        this.clock = clock;
        this.bucket = Bucket.builder()
                .addLimit(b -> b.capacity(limit).refillGreedy(limit, MINUTE))
                .withCustomTimePrecision(new ClockTimeMeter(clock))
                .build();
    }

    @Override
    public RateBucket withLimit(int newLimit) {
        RateBucket next = new RateBucket(newLimit, clock);
        long used = used();
        if (used > 0) {
            next.bucket.consumeIgnoringRateLimits(used);
        }
        return next;
    }

    @Override
    public int limit() {
        return limit;
    }

    @Override
    public Take take(long n) {
        long needed = Math.max(1, Math.min(n, limit));
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(needed);
        if (!probe.isConsumed()) {
            return new Take(Math.max(1, probe.getNanosToWaitForRefill()), used());
        }
        if (n > needed) {
            bucket.consumeIgnoringRateLimits(n - needed);
        }
        return new Take(0, used());
    }

    @Override
    public void adjust(long delta) {
        if (delta > 0) {
            bucket.consumeIgnoringRateLimits(delta);
        } else if (delta < 0) {
            bucket.addTokens(-delta);
        }
    }

    /** How many units are counted in the window now: the limit minus what is available (more when in debt). */
    long used() {
        return limit - bucket.getAvailableTokens();
    }
}
