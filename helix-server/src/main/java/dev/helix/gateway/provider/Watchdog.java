package dev.helix.gateway.provider;

import dev.helix.gateway.config.ProviderConfig;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One daemon thread that checks every upstream call in flight a few dozen times a second and stops those past a
 * timeout. Cheaper than a scheduled task per call or per chunk.
 */
public final class Watchdog implements AutoCloseable {
    private static final long PERIOD_MILLIS = 20;
    private final Set<CallWatch> active = ConcurrentHashMap.newKeySet();
    private final Thread thread;
    private volatile boolean running = true;

    public Watchdog() {
        thread = Thread.ofPlatform().name("helix-gateway-watchdog").daemon().start(this::run);
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

    private void run() {
        while (running) {
            long now = System.nanoTime();
            for (CallWatch watch : active) {
                watch.check(now);
            }
            try {
                Thread.sleep(PERIOD_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
