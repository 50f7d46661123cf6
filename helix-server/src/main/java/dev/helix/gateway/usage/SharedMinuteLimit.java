package dev.helix.gateway.usage;

import dev.helix.config.Rate;
import dev.helix.ratelimit.SharedBuckets;
import dev.helix.ratelimit.Verdict;
import java.time.Duration;

/**
 * A {@link MinuteLimit} kept in Redis, so every node sharing it counts against the same limit; while Redis does not
 * answer, this node's own {@link RateBucket} counts instead (each node then admits up to the limit on its own).
 * Corrections after the fact are sent without waiting for Redis.
 */
final class SharedMinuteLimit implements MinuteLimit {
    private static final Duration MINUTE = Duration.ofMinutes(1);
    private final SharedBuckets shared;
    private final String name;
    private final Rate rate;
    private final RateBucket local;

    /** The limit {@code name} ({@code gw-rpm:<key id>}) of {@code limit} per minute; {@code local} is the fallback. */
    SharedMinuteLimit(SharedBuckets shared, String name, int limit, RateBucket local) {
        this.shared = shared;
        this.name = name;
        this.rate = new Rate(limit, MINUTE);
        this.local = local;
    }

    @Override
    public int limit() {
        return local.limit();
    }

    @Override
    public Take take(long n) {
        long needed = Math.max(1, Math.min(n, limit()));
        Verdict verdict = shared.take(name, rate, needed, Math.max(n, needed));
        if (verdict == null) {
            return local.take(n);
        }
        long used = limit() - verdict.remaining();
        return new Take(verdict.allowed() ? 0 : verdict.nanosToNext(), used);
    }

    @Override
    public void adjust(long delta) {
        if (delta != 0 && !shared.charge(name, rate, delta)) {
            local.adjust(delta);
        }
    }

    @Override
    public SharedMinuteLimit withLimit(int newLimit) {
        return new SharedMinuteLimit(shared, name, newLimit, local.withLimit(newLimit));
    }
}
