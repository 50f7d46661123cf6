package dev.helix.http;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks every open HTTP/1.1 connection a few times per request timeout and expires those whose client has kept the
 * server waiting too long for a request head or body ({@link WireGuard#overdue}). One periodic task for all
 * connections, on a timer its owner provides; a check is two volatile reads per connection.
 */
final class WireWatchdog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WireWatchdog.class);
    private final Set<WireGuard> guards = ConcurrentHashMap.newKeySet();
    private final Future<?> sweeps;

    /**
     * Starts checking on {@code timer} every quarter of the shorter timeout, at least every second and at most every
     * 10 ms.
     */
    WireWatchdog(Duration headersTimeout, Duration bodyTimeout, ScheduledExecutorService timer) {
        long tick = Math.clamp(Math.min(headersTimeout.toMillis(), bodyTimeout.toMillis()) / 4, 10, 1000);
        sweeps = timer.scheduleWithFixedDelay(this::sweep, tick, tick, TimeUnit.MILLISECONDS);
    }

    void watch(WireGuard guard) {
        guards.add(guard);
    }

    void forget(WireGuard guard) {
        guards.remove(guard);
    }

    private void sweep() {
        long now = System.nanoTime();
        for (WireGuard guard : guards) {
            try {
                if (guard.overdue(now)) {
                    guard.expire();
                }
            } catch (RuntimeException e) {
                LOG.warn("expiring a slow connection failed", e);
            }
        }
    }

    @Override
    public void close() {
        sweeps.cancel(false);
    }
}
