package dev.helix;

import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one timer thread of a Helix, shared by all its periodic work: flushing usage, sampling performance, probing
 * LLM providers, stopping upstream calls and HTTP requests past their timeouts. Every task is isolated: a task that
 * throws is logged and runs again at its next time, and never stops the others. Work on the timer thread itself
 * must be short; work that may block (database writes) goes through {@link #everyAfter}, which runs it on a virtual
 * thread.
 */
final class SharedScheduler implements PeriodicTimer, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SharedScheduler.class);
    private final Isolating executor = new Isolating();

    /**
     * Runs {@code work} on a virtual thread every {@code period}, the next run starting a period after the previous
     * one ended (so a slow run never overlaps the next, and never holds up the timer thread).
     */
    @Override
    public Periodic everyAfter(Duration period, String what, Runnable work) {
        Chained chained = new Chained(period, isolated(what, work));
        chained.scheduleNext();
        return chained;
    }

    /** Runs {@code work}, which must be short, on the timer thread at a fixed rate of once per {@code period}. */
    @Override
    public Periodic every(Duration period, String what, Runnable work) {
        long millis = period.toMillis();
        Future<?> future = executor.scheduleAtFixedRate(isolated(what, work), millis, millis, TimeUnit.MILLISECONDS);
        return () -> future.cancel(false);
    }

    /** The timer as an executor for parts that schedule their own work; every task given to it is isolated too. */
    ScheduledExecutorService executor() {
        return executor;
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

    /** Stops every task; a task running on the timer thread now is interrupted. */
    @Override
    public void close() {
        executor.shutdownNow();
    }

    /** Runs its task on a virtual thread, then schedules the next run, until cancelled or the timer stops. */
    private final class Chained implements Periodic {
        private final Duration period;
        private final Runnable task;
        private volatile boolean cancelled;
        private volatile @Nullable Future<?> next;

        Chained(Duration period, Runnable task) {
            this.period = period;
            this.task = task;
        }

        void scheduleNext() {
            try {
                next = executor.schedule(
                        () -> Thread.ofVirtual().name("helix-background").start(this::runOnce),
                        period.toMillis(),
                        TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopped) {
                cancelled = true;
            }
        }

        private void runOnce() {
            if (cancelled) {
                return;
            }
            task.run();
            if (!cancelled) {
                scheduleNext();
            }
        }

        @Override
        public void cancel() {
            cancelled = true;
            Future<?> scheduled = next;
            if (scheduled != null) {
                scheduled.cancel(false);
            }
        }
    }

    /** A one-thread scheduled pool that wraps every runnable so that one failure never cancels it or others. */
    private static final class Isolating extends ScheduledThreadPoolExecutor {
        Isolating() {
            super(1, Thread.ofPlatform().name("helix-timer").daemon().factory());
            setRemoveOnCancelPolicy(true);
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            return super.schedule(isolated("run a scheduled task", command), delay, unit);
        }

        @Override
        public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
            return super.scheduleAtFixedRate(isolated("run a periodic task", command), initialDelay, period, unit);
        }

        @Override
        public ScheduledFuture<?> scheduleWithFixedDelay(
                Runnable command, long initialDelay, long delay, TimeUnit unit) {
            return super.scheduleWithFixedDelay(isolated("run a periodic task", command), initialDelay, delay, unit);
        }
    }
}
