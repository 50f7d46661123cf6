package dev.helix.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helix.bus.Event;
import dev.helix.bus.InProcessEventBus;
import dev.helix.config.HelixConfig;
import dev.helix.testing.Await;
import dev.helix.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class RealtimeHubTest {
    private final TestClock clock = new TestClock(Instant.ofEpochMilli(1_700_000_000_000L));
    private final InProcessEventBus bus = new InProcessEventBus();
    private final RealtimeHub hub = new RealtimeHub(
                    new HelixConfig.Realtime(5, Duration.ofMinutes(1), Duration.ofSeconds(25), 10, 65536), clock)
            .topic("a", () -> Map.of("snap", "a"))
            .topic("b", () -> Map.of("snap", "b"))
            .start(bus);

    @AfterEach
    void close() {
        hub.close();
        bus.close();
    }

    private static Connection connection(int capacity) {
        return new Connection("c", "test", capacity) {};
    }

    private static List<Outgoing> drain(Connection c, int count) throws InterruptedException {
        List<Outgoing> out = new ArrayList<>();
        while (out.size() < count) {
            Outgoing next = c.next(10_000);
            assertThat(next).as("message %d of %d", out.size() + 1, count).isNotNull();
            out.add(next);
        }
        return out;
    }

    private static List<String> names(List<Outgoing> messages) {
        return messages.stream()
                .map(m -> m instanceof Outgoing.Message msg ? msg.name() : "close")
                .toList();
    }

    private void publish(String topic, int n) {
        bus.publish(new Event(topic + ".changed", topic, Map.of("n", n), clock.instant()));
    }

    @Test
    void aResumeAcrossTopicsComesInOffsetOrderBeforeTheSubscribedMarks() throws InterruptedException {
        Connection first = connection(100);
        hub.subscribe(first, List.of("a", "b"), null);
        List<Outgoing> start = drain(first, 4);
        assertThat(names(start)).containsExactly("snapshot", "snapshot", "subscribed", "subscribed");
        long since = ((Outgoing.Message) start.getLast()).offset();
        publish("b", 1);
        publish("a", 2);
        publish("b", 3);
        drain(first, 3);

        Connection resumed = connection(100);
        hub.subscribe(resumed, List.of("a", "b"), since);
        List<Outgoing> got = drain(resumed, 5);
        assertThat(names(got)).containsExactly("b.changed", "a.changed", "b.changed", "subscribed", "subscribed");
        List<Long> offsets =
                got.stream().map(m -> ((Outgoing.Message) m).offset()).toList();
        assertThat(offsets).isSorted();
    }

    @Test
    void offsetsFromTheLogAreTheEventIdsAndResumeOnlyWhatTheHubSawWhole() throws InterruptedException {
        InProcessEventBus logBus = new InProcessEventBus();
        long[] started = {-1};
        try (RealtimeHub fromLog = new RealtimeHub(
                        new HelixConfig.Realtime(5, Duration.ofMinutes(1), Duration.ofSeconds(25), 10, 65536), clock)
                .topic("a", () -> Map.of("snap", "a"))
                .start(logBus, () -> -1, () -> started[0])) {
            Connection early = connection(100);
            fromLog.subscribe(early, List.of("a"), 3L);
            assertThat(names(drain(early, 3)))
                    .as("before the log starts no offset can be resumed")
                    .containsExactly("reset", "snapshot", "subscribed");

            started[0] = 40;
            for (long id = 41; id <= 43; id++) {
                logBus.publish(new Event("a.changed", "a", Map.of("n", id), clock.instant(), id, null));
            }
            assertThat(drain(early, 3)).as("the events, live").hasSize(3);
            Connection live = connection(100);
            fromLog.subscribe(live, List.of("a"), 40L);
            List<Outgoing> got = drain(live, 4);
            assertThat(got.stream().map(m -> ((Outgoing.Message) m).offset()).toList())
                    .containsExactly(41L, 42L, 43L, 43L);

            assertThat(names(resumeOn(fromLog, 39L, 3))).containsExactly("reset", "snapshot", "subscribed");
            assertThat(names(resumeOn(fromLog, 42L, 2))).containsExactly("a.changed", "subscribed");
            long begin = System.nanoTime();
            assertThat(names(resumeOn(fromLog, 50L, 3)))
                    .as("an offset this node has not reached")
                    .containsExactly("reset", "snapshot", "subscribed");
            assertThat(Duration.ofNanos(System.nanoTime() - begin)).isGreaterThanOrEqualTo(RealtimeHub.CATCH_UP);
        } finally {
            logBus.close();
        }
    }

    private static List<Outgoing> resumeOn(RealtimeHub hub, long since, int expected) throws InterruptedException {
        Connection c = connection(100);
        hub.subscribe(c, List.of("a"), since);
        return drain(c, expected);
    }

    @Test
    void historyIsBoundedByCountAndAge() throws InterruptedException {
        Connection c = connection(100);
        hub.subscribe(c, List.of("a"), null);
        long start = ((Outgoing.Message) drain(c, 2).getLast()).offset();
        for (int i = 0; i < 7; i++) {
            publish("a", i);
        }
        List<Long> offsets =
                drain(c, 7).stream().map(m -> ((Outgoing.Message) m).offset()).toList();

        assertThat(names(resume(start, 2))).containsExactly("reset", "snapshot");
        assertThat(names(resume(offsets.get(0), 2))).containsExactly("reset", "snapshot");
        assertThat(names(resume(offsets.get(1), 6)))
                .containsExactly("a.changed", "a.changed", "a.changed", "a.changed", "a.changed", "subscribed");
        assertThat(names(resume(offsets.get(6) + 1000, 2)))
                .as("an offset never given out")
                .containsExactly("reset", "snapshot");

        clock.advance(Duration.ofMinutes(2));
        assertThat(names(resume(offsets.get(5), 2))).containsExactly("reset", "snapshot");
    }

    private List<Outgoing> resume(long since, int expected) throws InterruptedException {
        Connection c = connection(100);
        hub.subscribe(c, List.of("a"), since);
        return drain(c, expected);
    }

    @Test
    void aClientThatCannotKeepUpIsClosedAndTheOthersAreNot() throws InterruptedException {
        Connection slow = connection(3);
        Connection fine = connection(100);
        hub.subscribe(slow, List.of("a"), null);
        hub.subscribe(fine, List.of("a"), null);
        for (int i = 0; i < 10; i++) {
            publish("a", i);
        }
        List<Outgoing> fineGot = drain(fine, 12);
        assertThat(names(fineGot)).doesNotContain("close");
        Outgoing last = slow.next(1000);
        assertThat(last).isInstanceOf(Outgoing.Close.class);
        assertThat(((Outgoing.Close) last).reason()).contains("too slow");
    }

    @Test
    void clientsClosedForFallingBehindAreCountedOnce() throws InterruptedException {
        var registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        hub.bindTo(registry);
        Connection slow = connection(3);
        hub.register(slow);
        hub.subscribe(slow, List.of("a"), null);
        for (int i = 0; i < 10; i++) {
            publish("a", i);
        }
        Connection probe = connection(100);
        hub.subscribe(probe, List.of("a"), null);
        publish("a", 10);
        drain(probe, 3);
        var disconnects = registry.get("helix.realtime.disconnects")
                .tag("reason", "too_slow")
                .counter();
        Await.until("the slow connection to be dropped", Duration.ofSeconds(10), () -> disconnects.count() >= 1);
        publish("a", 11);
        drain(probe, 1);
        assertThat(disconnects.count()).isEqualTo(1);
    }

    @Test
    void aBacklogLargerThanTheClientMayQueueGetsAResetInstead() throws InterruptedException {
        Connection c = connection(100);
        hub.subscribe(c, List.of("a"), null);
        long since = ((Outgoing.Message) drain(c, 2).getLast()).offset();
        for (int i = 0; i < 4; i++) {
            publish("a", i);
        }
        drain(c, 4);
        Connection small = connection(5);
        hub.subscribe(small, List.of("a"), since);
        assertThat(names(drain(small, 3))).containsExactly("reset", "snapshot", "subscribed");
    }

    @Test
    void aResetComesBeforeTheOtherTopicsBacklogSoIdsNeverSkipIt() throws InterruptedException {
        Connection c = connection(100);
        hub.subscribe(c, List.of("a", "b"), null);
        long since = ((Outgoing.Message) drain(c, 4).getLast()).offset();
        for (int i = 0; i < 7; i++) {
            publish("a", i);
        }
        publish("b", 1);
        drain(c, 8);
        Connection resumed = connection(100);
        hub.subscribe(resumed, List.of("a", "b"), since);
        assertThat(names(drain(resumed, 5)))
                .containsExactly("reset", "snapshot", "b.changed", "subscribed", "subscribed");
    }

    @Test
    void largeEventsAreKeptWithinTheByteBudget() throws InterruptedException {
        Connection c = connection(100);
        hub.subscribe(c, List.of("a"), null);
        long since = ((Outgoing.Message) drain(c, 2).getLast()).offset();
        String big = "x".repeat((int) (TopicLog.MAX_BYTES / 3));
        for (int i = 0; i < 4; i++) {
            bus.publish(new Event("a.changed", "a", Map.of("big", big), clock.instant()));
        }
        drain(c, 4);
        assertThat(names(resume(since, 2))).containsExactly("reset", "snapshot");
    }

    @Test
    void unknownTopicsAreNamedAndNothingIsSubscribed() {
        Connection c = connection(10);
        assertThat(hub.subscribe(c, List.of("a", "zzz"), null)).containsExactly("zzz");
        assertThat(c.topics()).isEmpty();
    }
}
