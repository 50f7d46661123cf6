package dev.helix.gateway.usage;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A per-minute limit of one key (requests or tokens): a Bucket4j token bucket of {@code limit} tokens refilled
 * greedily at {@code limit} per minute, timed by the injected {@link Clock}.
 *
 * <p>A request needs {@code min(n, limit)} tokens to be admitted, so a single request larger than the whole limit
 * still gets through when the bucket is full; the rest, and any usage beyond the estimate reported later, is charged
 * as debt ({@code consumeIgnoringRateLimits}) that delays the following requests. Usage below the estimate is given
 * back ({@code addTokens}).
 */
final class RateBucket {
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

    /** A bucket of a new limit that keeps what this one has counted. */
    RateBucket withLimit(int newLimit) {
        RateBucket next = new RateBucket(newLimit, clock);
        long used = used();
        if (used > 0) {
            next.bucket.consumeIgnoringRateLimits(used);
        }
        return next;
    }

    int limit() {
        return limit;
    }

    /**
     * Takes {@code n} tokens if the bucket can admit them; returns the nanoseconds to wait otherwise (0 = taken).
     */
    long take(long n) {
        long needed = Math.max(1, Math.min(n, limit));
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(needed);
        if (!probe.isConsumed()) {
            return Math.max(1, probe.getNanosToWaitForRefill());
        }
        if (n > needed) {
            bucket.consumeIgnoringRateLimits(n - needed);
        }
        return 0;
    }

    /** Tokens taken ({@code > 0}) or given back ({@code < 0}) after the fact. */
    void adjust(long delta) {
        if (delta > 0) {
            bucket.consumeIgnoringRateLimits(delta);
        } else if (delta < 0) {
            bucket.addTokens(-delta);
        }
    }

    /** How many tokens are counted in the window now: the limit minus what is available (more when in debt). */
    long used() {
        return limit - bucket.getAvailableTokens();
    }

    Instant after(long nanos) {
        return clock.instant().plusNanos(nanos);
    }

    /** Bucket4j's time source: the injected clock, so tests move time by moving the clock. */
    private record ClockTimeMeter(Clock clock) implements TimeMeter {
        @Override
        public long currentTimeNanos() {
            Instant now = clock.instant();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        }

        @Override
        public boolean isWallClockBased() {
            return true;
        }
    }
}
