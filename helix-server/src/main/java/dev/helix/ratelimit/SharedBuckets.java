package dev.helix.ratelimit;

import dev.helix.config.Rate;
import dev.helix.config.RouteClass;
import dev.helix.storage.RedisCalls;
import dev.helix.storage.RedisConnection;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Token buckets kept in Redis ({@link RedisBuckets}) behind {@link RedisCalls}, so a slow or dead Redis never holds a
 * request: a check Redis does not answer within the timeout gives no verdict, and the caller then uses this node's
 * own buckets. Used for the route classes' rate limits and for the gateway's per-key requests and tokens per minute.
 */
public final class SharedBuckets {
    private final RedisBuckets redis;
    private final RedisCalls calls;

    /**
     * Buckets in {@code redis}, each check given up after {@code timeout}.
     *
     * @param what what the buckets count, for the log: "rate limits"
     */
    public SharedBuckets(RedisConnection redis, String what, Duration timeout) {
        this.redis = new RedisBuckets(redis);
        this.calls = new RedisCalls(redis, what, timeout);
    }

    /** Redis's verdict on one request of {@code who} in {@code routeClass}, or null when Redis does not answer. */
    @Nullable
    Verdict take(RouteClass routeClass, Rate rate, String who) {
        return take(routeClass.id() + ":" + who, rate, 1, 1);
    }

    /**
     * Redis's verdict, or {@code null} when Redis is down or did not answer in time: whether the bucket {@code name}
     * of {@code rate} has {@code need} units (0 = no check), after which {@code charge} units were added to it
     * (negative gives units back).
     */
    public @Nullable Verdict take(String name, Rate rate, long need, long charge) {
        return calls.call(() -> redis.take(name, rate, need, charge));
    }

    /**
     * Adds {@code units} (negative gives them back) to the bucket {@code name} without waiting for Redis; false, and
     * nothing sent, while Redis is down (the caller then charges its own bucket).
     */
    public boolean charge(String name, Rate rate, long units) {
        return calls.send(() -> redis.take(name, rate, 0, units));
    }

    /** Whether Redis is treated as down (checks use this node's buckets). */
    public boolean down() {
        return calls.down();
    }
}
