package dev.helix;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one background thread of a Helix that runs its periodic work (flushing usage, sampling performance). Every
 * task is isolated: a task that throws is logged and runs again at its next time, and never stops the others.
 */
final class SharedScheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SharedScheduler.class);
    private final ScheduledExecutorService executor;

    SharedScheduler() {
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().name("helix-background").daemon().factory());
        pool.setRemoveOnCancelPolicy(true);
        this.executor = pool;
    }

    /** Runs {@code work} every {@code period}, the next run starting a period after the previous one ended. */
    void everyAfter(Duration period, String what, Runnable work) {
        long millis = period.toMillis();
        executor.scheduleWithFixedDelay(isolated(what, work), millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Runs {@code work} at a fixed rate of once per {@code period}. */
    void every(Duration period, String what, Runnable work) {
        long millis = period.toMillis();
        executor.scheduleAtFixedRate(isolated(what, work), millis, millis, TimeUnit.MILLISECONDS);
    }

    static Runnable isolated(String what, Runnable work) {
        return () -> {
            try {
                work.run();
            } catch (Throwable t) {
                LOG.warn("could not {}: {}", what, t.getMessage());
            }
        };
    }

    /** Stops every task; a task running now is interrupted. */
    @Override
    public void close() {
        executor.shutdownNow();
    }
}
