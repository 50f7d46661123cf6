package dev.helix.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.helix.testing.Await;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class InProcessEventBusTest {
    private final InProcessEventBus bus = new InProcessEventBus(100);

    @AfterEach
    void close() {
        bus.close();
    }

    private static Event event(String type, int n) {
        return new Event(type, type.substring(0, type.indexOf('.')), Map.of("n", n), Instant.EPOCH);
    }

    private static void await(CountDownLatch latch) throws InterruptedException {
        assertThat(latch.await(10, TimeUnit.SECONDS))
                .as("events delivered in time")
                .isTrue();
    }

    @Test
    void subscribersGetMatchingEventsInPublishOrder() throws Exception {
        List<Integer> exact = new CopyOnWriteArrayList<>();
        List<String> prefix = new CopyOnWriteArrayList<>();
        List<String> all = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(50 + 50 + 60);
        bus.subscribe("exact", "state.changed", e -> {
            exact.add((Integer) e.data().get("n"));
            done.countDown();
        });
        bus.subscribe("prefix", "state.*", e -> {
            prefix.add(e.type());
            done.countDown();
        });
        bus.subscribe("all", "*", e -> {
            all.add(e.type());
            done.countDown();
        });
        for (int i = 0; i < 50; i++) {
            bus.publish(event("state.changed", i));
            if (i % 5 == 0) {
                bus.publish(event("agents.changed", i));
            }
        }
        await(done);
        assertThat(exact)
                .containsExactlyElementsOf(IntStream.range(0, 50).boxed().toList());
        assertThat(prefix).hasSize(50).containsOnly("state.changed");
        assertThat(all).hasSize(60).contains("agents.changed");
    }

    @Test
    void aThrowingSubscriberIsIsolatedAndKeepsReceiving() throws Exception {
        CountDownLatch healthy = new CountDownLatch(3);
        CountDownLatch faulty = new CountDownLatch(3);
        bus.subscribe("faulty", "*", e -> {
            faulty.countDown();
            throw new IllegalStateException("boom");
        });
        bus.subscribe("healthy", "*", e -> healthy.countDown());
        for (int i = 0; i < 3; i++) {
            bus.publish(event("state.changed", i));
        }
        await(healthy);
        await(faulty);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aSlowSubscriberLosesOnlyItsOwnOverflowAndNeverBlocksThePublisher() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        EventBus.Subscription slow = bus.subscribe("slow", "*", e -> {
            try {
                release.await();
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        });
        AtomicInteger fastReceived = new AtomicInteger();
        EventBus.Subscription fast = bus.subscribe("fast", "*", e -> fastReceived.incrementAndGet());
        for (int i = 0; i < 500; i++) {
            bus.publish(event("state.changed", i));
        }
        release.countDown();
        assertThat(slow.dropped())
                .as("the stuck subscriber holds at most its queue plus one in hand")
                .isGreaterThanOrEqualTo(500 - 100 - 1);
        Await.until("every event to reach or be counted for 'fast'", () -> fastReceived.get() + fast.dropped() >= 500);
        assertThat(fastReceived.get() + fast.dropped())
                .as("every event reached or was counted for 'fast'")
                .isEqualTo(500);
        assertThat(fastReceived.get()).isGreaterThan(0);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void dropsAreCountedPerSubscriberInTheRegistry() throws Exception {
        var registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        InProcessEventBus counted = new InProcessEventBus(10, registry);
        CountDownLatch release = new CountDownLatch(1);
        try {
            EventBus.Subscription stuck = counted.subscribe("stuck", "*", e -> {
                try {
                    release.await();
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            });
            counted.subscribe("idle", "agents.*", e -> {});
            for (int i = 0; i < 50; i++) {
                counted.publish(event("state.changed", i));
            }
            assertThat(registry.get("helix.bus.dropped")
                            .tag("subscriber", "stuck")
                            .counter()
                            .count())
                    .isEqualTo(stuck.dropped())
                    .isGreaterThanOrEqualTo(50 - 10 - 1);
            assertThat(registry.get("helix.bus.dropped")
                            .tag("subscriber", "idle")
                            .counter()
                            .count())
                    .isZero();
        } finally {
            release.countDown();
            counted.close();
        }
    }

    @Test
    void closedSubscriptionsReceiveNothingMore() throws Exception {
        List<Event> got = new CopyOnWriteArrayList<>();
        EventBus.Subscription s = bus.subscribe("x", "*", got::add);
        s.close();
        bus.publish(event("state.changed", 1));
        CountDownLatch other = new CountDownLatch(1);
        bus.subscribe("y", "*", e -> other.countDown());
        bus.publish(event("state.changed", 2));
        await(other);
        assertThat(got).isEmpty();
    }

    @Test
    void badPatternsAndAClosedBusAreRefused() {
        assertThatThrownBy(() -> bus.subscribe("x", "State Changed", e -> {}))
                .hasMessageContaining("event pattern 'State Changed' must be");
        assertThatThrownBy(() -> bus.subscribe("x", null, e -> {})).hasMessageContaining("required");
        bus.close();
        assertThatThrownBy(() -> bus.publish(event("state.changed", 1))).hasMessageContaining("closed");
    }
}
