package dev.helix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helix.testing.Await;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SharedSchedulerTest {

    @Test
    void aTaskThatThrowsKeepsItsScheduleAndDoesNotStopTheOthers() {
        AtomicInteger failures = new AtomicInteger();
        AtomicInteger fixedRate = new AtomicInteger();
        AtomicInteger fixedDelay = new AtomicInteger();
        try (SharedScheduler scheduler = new SharedScheduler()) {
            scheduler.every(Duration.ofMillis(10), "fail", () -> {
                failures.incrementAndGet();
                throw new OutOfMemoryError("pretend");
            });
            scheduler.every(Duration.ofMillis(10), "fail at a fixed rate", () -> {
                fixedRate.incrementAndGet();
                throw new IllegalStateException("database down");
            });
            scheduler.everyAfter(Duration.ofMillis(10), "count", fixedDelay::incrementAndGet);
            Await.until(() -> Math.min(failures.get(), Math.min(fixedRate.get(), fixedDelay.get())), n -> n >= 3);
        }
    }

    @Test
    void closingStopsEveryTask() throws InterruptedException {
        AtomicInteger runs = new AtomicInteger();
        SharedScheduler scheduler = new SharedScheduler();
        scheduler.every(Duration.ofMillis(5), "count", runs::incrementAndGet);
        Await.until(runs::get, n -> n >= 1);
        scheduler.close();
        int after = runs.get();
        Thread.sleep(50);
        assertThat(runs.get()).isLessThanOrEqualTo(after + 1);
    }
}
