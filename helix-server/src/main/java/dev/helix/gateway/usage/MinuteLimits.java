package dev.helix.gateway.usage;

import dev.helix.ratelimit.SharedBuckets;
import java.time.Clock;
import org.jspecify.annotations.Nullable;

/**
 * Makes keys' per-minute limits: counted in this node's memory, or, when Helix has Redis, shared by every node (with
 * this node's own count as the fallback while Redis does not answer).
 */
final class MinuteLimits {
    private final Clock clock;
    private final @Nullable SharedBuckets shared;

    /** Limits counted on this node only. */
    MinuteLimits(Clock clock) {
        this(clock, null);
    }

    /** Limits kept in {@code shared} (null = on this node only). */
    MinuteLimits(Clock clock, @Nullable SharedBuckets shared) {
        this.clock = clock;
        this.shared = shared;
    }

    /** The limit called {@code name} (unique per key and kind, e.g. {@code gw-rpm:<key id>}) of {@code limit}. */
    MinuteLimit create(String name, int limit) {
        RateBucket local = new RateBucket(limit, clock);
        return shared == null ? local : new SharedMinuteLimit(shared, name, limit, local);
    }
}
