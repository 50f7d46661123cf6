package dev.helix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helix.testing.Await;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SharedSchedulerTest {

    @Test
    void aTaskThatThrowsKeepsItsScheduleAndDoesNotStopTheOthers() {
        AtomicInteger errors = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        AtomicInteger counted = new AtomicInteger();
        try (SharedScheduler scheduler = new SharedScheduler()) {
            scheduler.every(Duration.ofMillis(10), "fail", () -> {
                errors.incrementAndGet();
                throw new OutOfMemoryError("pretend");
            });
            scheduler.everyAfter(Duration.ofMillis(10), "fail after a delay", () -> {
                failures.incrementAndGet();
                throw new IllegalStateException("database down");
            });
            scheduler.everyAfter(Duration.ofMillis(10), "count", counted::incrementAndGet);
            Await.until(() -> Math.min(errors.get(), Math.min(failures.get(), counted.get())), n -> n >= 3);
        }
    }

    @Test
    void tasksThatPartsScheduleThemselvesAreIsolatedToo() {
        AtomicInteger failing = new AtomicInteger();
        AtomicInteger delayed = new AtomicInteger();
        try (SharedScheduler scheduler = new SharedScheduler()) {
            scheduler
                    .executor()
                    .scheduleAtFixedRate(
                            () -> {
                                failing.incrementAndGet();
                                throw new IllegalStateException("a provider went away");
                            },
                            5,
                            5,
                            TimeUnit.MILLISECONDS);
            scheduler
                    .executor()
                    .scheduleWithFixedDelay(
                            () -> {
                                delayed.incrementAndGet();
                                throw new IllegalStateException("a socket would not close");
                            },
                            5,
                            5,
                            TimeUnit.MILLISECONDS);
            Await.until(() -> Math.min(failing.get(), delayed.get()), n -> n >= 3);
        }
    }

    @Test
    void blockingWorkDoesNotHoldUpTheTimer() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger ticks = new AtomicInteger();
        try (SharedScheduler scheduler = new SharedScheduler()) {
            scheduler.everyAfter(Duration.ofMillis(5), "wait", () -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            scheduler.every(Duration.ofMillis(5), "tick", ticks::incrementAndGet);
            Await.until(ticks::get, n -> n >= 10);
        } finally {
            release.countDown();
        }
    }

    @Test
    void aCancelledTaskRunsNoMoreAndTheOthersGoOn() throws InterruptedException {
        AtomicInteger cancelled = new AtomicInteger();
        AtomicInteger chained = new AtomicInteger();
        AtomicInteger kept = new AtomicInteger();
        try (SharedScheduler scheduler = new SharedScheduler()) {
            SharedScheduler.Periodic fixed = scheduler.every(Duration.ofMillis(5), "count", cancelled::incrementAndGet);
            SharedScheduler.Periodic delayed =
                    scheduler.everyAfter(Duration.ofMillis(5), "count", chained::incrementAndGet);
            scheduler.every(Duration.ofMillis(5), "keep counting", kept::incrementAndGet);
            Await.until(() -> Math.min(cancelled.get(), chained.get()), n -> n >= 1);
            fixed.cancel();
            delayed.cancel();
            int fixedAfter = cancelled.get();
            int chainedAfter = chained.get();
            int keptAfter = kept.get();
            Await.until(kept::get, n -> n >= keptAfter + 10);
            assertThat(cancelled.get()).isLessThanOrEqualTo(fixedAfter + 1);
            assertThat(chained.get()).isLessThanOrEqualTo(chainedAfter + 1);
        }
    }
}
