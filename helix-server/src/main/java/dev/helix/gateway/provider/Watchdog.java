package dev.helix.gateway.provider;

import dev.helix.gateway.config.ProviderConfig;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * One periodic task that checks every upstream call in flight a few dozen times a second and stops those past a
 * timeout. Cheaper than a scheduled task per call or per chunk.
 */
public final class Watchdog implements AutoCloseable {
    private static final long PERIOD_MILLIS = 20;
    private final Set<CallWatch> active = ConcurrentHashMap.newKeySet();
    private final @Nullable ScheduledExecutorService own;
    private final Future<?> checks;

    /** A watchdog on a timer thread of its own, stopped by {@link #close()}. */
    public Watchdog() {
        this(
                Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
                        .name("helix-gateway-watchdog")
                        .daemon()
                        .factory()),
                true);
    }

    /** A watchdog whose checks run on {@code timer}, which its owner stops; {@link #close()} ends only the checks. */
    public Watchdog(ScheduledExecutorService timer) {
        this(timer, false);
    }

    private Watchdog(ScheduledExecutorService timer, boolean owned) {
        this.own = owned ? timer : null;
        this.checks = timer.scheduleAtFixedRate(this::check, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Starts watching a call made by the current thread. */
    public CallWatch watch(ProviderConfig.Timeouts timeouts) {
        CallWatch watch = new CallWatch(timeouts, this);
        active.add(watch);
        return watch;
    }

    void forget(CallWatch watch) {
        active.remove(watch);
    }

    /** Calls being watched now. */
    public int active() {
        return active.size();
    }

    private void check() {
        long now = System.nanoTime();
        for (CallWatch watch : active) {
            watch.check(now);
        }
    }

    @Override
    public void close() {
        checks.cancel(false);
        if (own != null) {
            own.shutdownNow();
        }
    }
}
