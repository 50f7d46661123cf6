package dev.helix.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.helix.config.Rate;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Clock;

/**
 * One route class's token buckets in this node's memory: a Bucket4j bucket per API key or client IP, holding
 * {@code limit} units and refilled greedily at {@code limit} per period, timed by the injected {@link Clock}.
 *
 * <p>Implementation notes: a bucket untouched for a whole period is full again, so buckets are dropped after a
 * period without use (Caffeine {@code expireAfterAccess}, ticking with the same clock) without losing anything. At
 * most {@link #MAX_TRACKED} callers are tracked per class; beyond that the least recently used are dropped (and start
 * again with a full bucket), which bounds memory when many client addresses appear at once.
 */
final class LocalBuckets {
    /** Most callers (API keys or client IPs) tracked per route class. */
    static final int MAX_TRACKED = 20_000;

    private final Cache<String, Bucket> buckets;
    private final Bandwidth bandwidth;
    private final TimeMeter meter;
    private final double nanosPerUnit;

    LocalBuckets(Rate rate, Clock clock) {
        this.meter = new ClockTimeMeter(clock);
        this.bandwidth = Bandwidth.builder()
                .capacity(rate.limit())
                .refillGreedy(rate.limit(), rate.period())
                .build();
        this.nanosPerUnit = (double) rate.period().toNanos() / rate.limit();
        this.buckets = Caffeine.newBuilder()
                .maximumSize(MAX_TRACKED)
                .expireAfterAccess(rate.period())
                .ticker(meter::currentTimeNanos)
                .build();
    }

    /** Takes one unit from {@code who}'s bucket if there is one. */
    Verdict take(String who) {
        Bucket bucket = buckets.get(
                who,
                k -> Bucket.builder()
                        .addLimit(bandwidth)
                        .withCustomTimePrecision(meter)
                        .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return Verdict.allowed(probe.getRemainingTokens(), probe.getNanosToWaitForReset(), nanosPerUnit);
        }
        return Verdict.refused(probe.getNanosToWaitForRefill());
    }
}
