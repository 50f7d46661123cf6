package dev.helix.ratelimit;

import dev.helix.config.Rate;
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
 * The {@link RedisBuckets} behind a time limit and a breaker, so a slow or dead Redis never holds a request: a check
 * that Redis does not answer within {@code limits.redisTimeout} gives no verdict (the caller then uses this node's
 * buckets), and after a failure Redis is left alone except for one probing check a second until it answers again.
 * The start and the end of an outage are each logged once.
 */
final class SharedBuckets {
    /** How often one check probes Redis while it is down. */
    static final Duration PROBE_INTERVAL = Duration.ofSeconds(1);
    private static final Logger LOG = LoggerFactory.getLogger(SharedBuckets.class);
    private static final Executor CALLS = task -> Thread.ofVirtual().name("helix-ratelimit-redis").start(task);

    private final RedisBuckets redis;
    private final String where;
    private final long timeoutNanos;
    private final AtomicBoolean down = new AtomicBoolean();
    private final AtomicLong nextProbe = new AtomicLong();

    SharedBuckets(RedisBuckets redis, String where, Duration timeout) {
        this.redis = redis;
        this.where = where;
        this.timeoutNanos = timeout.toNanos();
    }

    /** Redis's verdict, or {@code null} when Redis is down or did not answer in time. */
    Verdict take(RouteClass routeClass, Rate rate, String who) {
        if (down.get() && !probeNow()) {
            return null;
        }
        CompletableFuture<Verdict> call = CompletableFuture.supplyAsync(() -> redis.take(routeClass, rate, who),
                CALLS);
        try {
            Verdict verdict = call.get(timeoutNanos, TimeUnit.NANOSECONDS);
            if (down.compareAndSet(true, false)) {
                LOG.info("Redis at {} answers again: rate limits are shared by all nodes again", where);
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

    /** Whether Redis is treated as down (checks use this node's buckets). */
    boolean down() {
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
            LOG.warn("Redis at {} failed a rate-limit check ({}); this node counts rates on its own until Redis "
                    + "answers again (probed every {} s)", where, why, PROBE_INTERVAL.toSeconds());
        }
    }
}
