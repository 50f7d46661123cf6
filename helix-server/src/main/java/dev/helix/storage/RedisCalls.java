package dev.helix.storage;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls to Redis on a request's path that never hold the request for long: each runs on a virtual thread and is
 * waited for at most a timeout; after a failure Redis is left alone, except for one probing call a second, until it
 * answers again. The start and the end of an outage are each logged once, naming what the calls are for. The caller
 * decides what to do without an answer (count locally, skip a shared cache).
 */
public final class RedisCalls {
    /** How often one call probes Redis while it is down. */
    public static final Duration PROBE_INTERVAL = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(RedisCalls.class);
    private static final Executor CALLS =
            task -> Thread.ofVirtual().name("helix-redis-call").start(task);

    private final String where;
    private final String what;
    private final long timeoutNanos;
    private final AtomicBoolean down = new AtomicBoolean();
    private final AtomicLong nextProbe = new AtomicLong();

    /**
     * Calls to {@code redis}, each given up after {@code timeout}.
     *
     * @param what who makes the calls, for the log: "rate limits"
     */
    public RedisCalls(RedisConnection redis, String what, Duration timeout) {
        this.where = redis.describe();
        this.what = what;
        this.timeoutNanos = timeout.toNanos();
    }

    /** What {@code call} returns, or {@code null} when Redis is down, failed, or did not answer in time. */
    public <T> @Nullable T call(Supplier<T> call) {
        if (down.get() && !probeNow()) {
            return null;
        }
        CompletableFuture<T> future = CompletableFuture.supplyAsync(call, CALLS);
        try {
            T result = future.get(timeoutNanos, TimeUnit.NANOSECONDS);
            if (down.compareAndSet(true, false)) {
                LOG.info("Redis at {} answers again: {} use it again", where, what);
            }
            return result;
        } catch (ExecutionException e) {
            failed(String.valueOf(Objects.requireNonNull(e.getCause()).getMessage()));
        } catch (TimeoutException e) {
            failed("no answer within " + timeoutNanos / 1_000_000 + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    /** Runs {@code call} without waiting for it; false, and nothing sent, while Redis is down. */
    public boolean send(Runnable call) {
        if (down.get()) {
            return false;
        }
        CALLS.execute(() -> {
            try {
                call.run();
            } catch (RuntimeException e) {
                failed(String.valueOf(e.getMessage()));
            }
        });
        return true;
    }

    /** Whether Redis is treated as down. */
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
            LOG.warn(
                    "Redis at {} failed ({}); {} go on without it, on this node alone, until it answers again "
                            + "(probed every {} s)",
                    where,
                    why,
                    what,
                    PROBE_INTERVAL.toSeconds());
        }
    }
}
