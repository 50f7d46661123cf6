package dev.helix.ratelimit;

import dev.helix.config.Rate;
import dev.helix.storage.RedisConnection;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Token buckets kept in Redis ({@link RedisBuckets}) behind a time limit and a breaker, so a slow or dead Redis never
 * holds a request: a check that Redis does not answer within the timeout gives no verdict (the caller then uses this
 * node's own buckets), and after a failure Redis is left alone except for one probing check a second until it answers
 * again. The start and the end of an outage are each logged once. Used for the route classes' rate limits and for
 * the gateway's per-key requests and tokens per minute.
 */
public final class SharedBuckets {
    /** How often one check probes Redis while it is down. */
    static final Duration PROBE_INTERVAL = Duration.ofSeconds(1);
    private static final Logger LOG = LoggerFactory.getLogger(SharedBuckets.class);
    private static final Executor CALLS = task -> Thread.ofVirtual().name("helix-ratelimit-redis").start(task);

    private final RedisBuckets redis;
    private final String where;
    private final String what;
    private final long timeoutNanos;
    private final AtomicBoolean down = new AtomicBoolean();
    private final AtomicLong nextProbe = new AtomicLong();

    /**
     * Buckets in {@code redis}, each check given up after {@code timeout}.
     *
     * @param what what the buckets count, for the log: "rate limits"
     */
    public SharedBuckets(RedisConnection redis, String what, Duration timeout) {
        this.redis = new RedisBuckets(redis);
        this.where = redis.describe();
        this.what = what;
        this.timeoutNanos = timeout.toNanos();
    }

    /** Redis's verdict on one request of {@code who} in {@code routeClass}, or null when Redis does not answer. */
    Verdict take(RouteClass routeClass, Rate rate, String who) {
        return take(routeClass.id() + ":" + who, rate, 1, 1);
    }

    /**
     * Redis's verdict, or {@code null} when Redis is down or did not answer in time: whether the bucket {@code name}
     * of {@code rate} has {@code need} units (0 = no check), after which {@code charge} units were added to it
     * (negative gives units back).
     */
    public Verdict take(String name, Rate rate, long need, long charge) {
        if (down.get() && !probeNow()) {
            return null;
        }
        CompletableFuture<Verdict> call = CompletableFuture.supplyAsync(() -> redis.take(name, rate, need, charge),
                CALLS);
        try {
            Verdict verdict = call.get(timeoutNanos, TimeUnit.NANOSECONDS);
            if (down.compareAndSet(true, false)) {
                LOG.info("Redis at {} answers again: {} are shared by all nodes again", where, what);
            }
            return verdict;
        } catch (ExecutionException e) {
            failed(String.valueOf(e.getCause().getMessage()));
        } catch (TimeoutException e) {
            failed("no answer within " + timeoutNanos / 1_000_000 + " ms (limits.redisTimeout)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    /**
     * Adds {@code units} (negative gives them back) to the bucket {@code name} without waiting for Redis; false, and
     * nothing sent, while Redis is down (the caller then charges its own bucket). A failure marks Redis down.
     */
    public boolean charge(String name, Rate rate, long units) {
        if (down.get()) {
            return false;
        }
        CALLS.execute(() -> {
            try {
                redis.take(name, rate, 0, units);
            } catch (RuntimeException e) {
                failed(String.valueOf(e.getMessage()));
            }
        });
        return true;
    }

    /** Whether Redis is treated as down (checks use this node's buckets). */
    public boolean down() {
        return down.get();
    }

    private boolean probeNow() {
        long next = nextProbe.get();
        long now = System.nanoTime();
        return now - next >= 0 && nextProbe.compareAndSet(next, now + PROBE_INTERVAL.toNanos());
    }

    private void failed(String why) {
        nextProbe.set(System.nanoTime() + PROBE_INTERVAL.toNanos());
        if (down.compareAndSet(false, true)) {
            LOG.warn("Redis at {} failed a check of {} ({}); this node counts them on its own until Redis answers "
                    + "again (probed every {} s)", where, what, why, PROBE_INTERVAL.toSeconds());
        }
    }
}
