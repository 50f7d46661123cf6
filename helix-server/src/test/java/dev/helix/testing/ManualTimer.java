package dev.helix.testing;

import dev.helix.PeriodicTimer;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;

/**
 * A {@link PeriodicTimer} with no thread of its own: its tasks run when time passes on the {@link TestClock} it
 * belongs to ({@link TestClock#advance}), in the thread that moved the clock, each as many times as its period fits
 * into the time that passed, in the order they fall due. A task that throws fails the test that let time pass.
 */
public final class ManualTimer implements PeriodicTimer {
    private final LongSupplier ticker;
    private final List<Task> tasks = new CopyOnWriteArrayList<>();

    ManualTimer(LongSupplier ticker) {
        this.ticker = ticker;
    }

    @Override
    public Periodic every(Duration period, String what, Runnable work) {
        return schedule(period, what, work);
    }

    @Override
    public Periodic everyAfter(Duration period, String what, Runnable work) {
        return schedule(period, what, work);
    }

    /** The tasks scheduled and not cancelled, by what they do. */
    public List<String> scheduled() {
        return tasks.stream().map(t -> t.what).toList();
    }

    private Periodic schedule(Duration period, String what, Runnable work) {
        if (!period.isPositive()) {
            throw new IllegalArgumentException("a period must be positive: " + period);
        }
        Task task = new Task(what, period.toNanos(), work, ticker.getAsLong() + period.toNanos());
        tasks.add(task);
        return task;
    }

    /** Runs every task that has fallen due by now, and again as long as it does. */
    synchronized void runDue() {
        long now = ticker.getAsLong();
        for (Optional<Task> next = nextDue(now); next.isPresent(); next = nextDue(now)) {
            Task task = next.get();
            task.due += task.period;
            task.work.run();
        }
    }

    private Optional<Task> nextDue(long now) {
        return tasks.stream().filter(t -> t.due - now <= 0).min(Comparator.comparingLong(t -> t.due - now));
    }

    private final class Task implements Periodic {
        final String what;
        final long period;
        final Runnable work;
        long due;

        Task(String what, long period, Runnable work, long due) {
            this.what = what;
            this.period = period;
            this.work = work;
            this.due = due;
        }

        @Override
        public void cancel() {
            tasks.remove(this);
        }
    }
}
