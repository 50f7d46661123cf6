package dev.helix.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A waiter wakes on its key's signal, not by its timeout; a signal before the wait is never lost. */
@Timeout(30)
class WakeupsTest {
    private final Wakeups wakeups = new Wakeups();

    @Test
    void aSignalWakesTheWaiterLongBeforeItsTimeout() throws Exception {
        long seen = wakeups.generation("a");
        try (ExecutorService waiter = Executors.newSingleThreadExecutor()) {
            Future<Long> waited = waiter.submit(() -> {
                long start = System.nanoTime();
                wakeups.await("a", seen, Duration.ofSeconds(20).toNanos());
                return System.nanoTime() - start;
            });
            Thread.sleep(50);
            wakeups.signal("b");
            assertThat(waited).isNotDone();
            wakeups.signal("a");

            assertThat(Duration.ofNanos(waited.get())).isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void aSignalBetweenReadingTheGenerationAndWaitingIsNotLost() throws Exception {
        long seen = wakeups.generation("a");
        wakeups.signal("a");
        long start = System.nanoTime();
        wakeups.await("a", seen, Duration.ofSeconds(20).toNanos());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void closingEndsEveryWaitAndLaterOnesAtOnce() throws Exception {
        long seen = wakeups.generation("a");
        try (ExecutorService waiter = Executors.newSingleThreadExecutor()) {
            Future<?> waited = waiter.submit(() -> {
                wakeups.await("a", seen, Duration.ofSeconds(20).toNanos());
                return null;
            });
            Thread.sleep(50);
            wakeups.close();
            waited.get();
        }
        wakeups.await("b", wakeups.generation("b"), Duration.ofSeconds(20).toNanos());
        assertThat(wakeups.closed()).isTrue();
    }
}
