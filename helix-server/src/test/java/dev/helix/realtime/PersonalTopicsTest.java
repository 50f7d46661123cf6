package dev.helix.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helix.access.Principal;
import dev.helix.access.Role;
import dev.helix.bus.Event;
import dev.helix.bus.InProcessEventBus;
import dev.helix.config.HelixConfig;
import dev.helix.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Topics of owners: a personal topic delivers each event only to the clients it is for (live, on resume and in the
 * snapshot), a family hides the topics a client may not know of, and idle family topics are forgotten without a
 * resume ever missing what they had.
 */
@Timeout(30)
class PersonalTopicsTest {
    private final TestClock clock = new TestClock(Instant.ofEpochMilli(1_700_000_000_000L));
    private final InProcessEventBus bus = new InProcessEventBus();
    private long id;
    private final RealtimeHub hub = new RealtimeHub(
                    new HelixConfig.Realtime(100, Duration.ofMinutes(1), Duration.ofSeconds(25), 100, 65536), clock)
            .topic(new PersonalTopic(
                    "mine",
                    e -> e.topic().startsWith("thing:"),
                    e -> s -> Objects.equals(s.user(), e.data().get("user")),
                    s -> Map.of("user", String.valueOf(s.user()))))
            .topics(new TopicFamily(
                    "thing:",
                    Role.USER,
                    id -> true,
                    (s, id) -> id.startsWith(String.valueOf(s.user())),
                    (s, id) -> Map.of("thing", id)))
            .start(bus, () -> 0, () -> 0);

    @AfterEach
    void close() {
        hub.close();
        bus.close();
    }

    private static Connection of(String user) {
        return new Connection(user, new Subscriber(new Principal("key_a", "a", Role.USER), user), 100) {};
    }

    private void publish(String thing, String user) {
        id++;
        bus.publish(new Event(
                "thing.changed", "thing:" + thing, Map.of("user", user, "thing", thing), clock.instant(), id, null));
    }

    private static List<Outgoing.Message> drain(Connection c, int count) throws InterruptedException {
        List<Outgoing.Message> out = new ArrayList<>();
        while (out.size() < count) {
            Outgoing next = c.next(10_000);
            assertThat(next).as("message %d of %d", out.size() + 1, count).isNotNull();
            out.add((Outgoing.Message) next);
        }
        return out;
    }

    @Test
    void aPersonalTopicDeliversEachEventOnlyToItsAudienceLiveAndOnResume() throws InterruptedException {
        Connection alice = of("alice");
        Connection bob = of("bob");
        hub.subscribe(alice, List.of("mine"), null);
        hub.subscribe(bob, List.of("mine"), null);
        assertThat(drain(alice, 1).getFirst().json()).contains("\"user\":\"alice\"");
        assertThat(drain(bob, 1).getFirst().json()).contains("\"user\":\"bob\"");
        long since = drain(alice, 1).getFirst().offset();
        drain(bob, 1);

        publish("alice-1", "alice");
        publish("bob-1", "bob");
        publish("alice-2", "alice");
        List<Outgoing.Message> got = drain(alice, 2);
        assertThat(got)
                .allMatch(
                        m -> m.json().contains("\"topic\":\"mine\"") && m.json().contains("alice"));
        assertThat(drain(bob, 1).getFirst().json()).contains("bob-1");

        Connection again = of("alice");
        hub.subscribe(again, List.of("mine"), since);
        List<Outgoing.Message> resumed = drain(again, 3);
        assertThat(resumed.stream().map(Outgoing.Message::name))
                .containsExactly("thing.changed", "thing.changed", "subscribed");
        assertThat(resumed.get(1).json()).contains("alice-2");
    }

    @Test
    void aFamilyTopicAClientMayNotKnowOfIsUnknownToIt() {
        Connection bob = of("bob");
        assertThat(hub.refusal(bob, "thing:alice-1")).contains("unknown-topic");
        assertThat(hub.subscribe(bob, List.of("thing:alice-1"), null)).containsExactly("thing:alice-1");
        assertThat(bob.topics()).isEmpty();
        assertThat(hub.refusal(bob, "thing:bob-1")).isEmpty();
    }

    @Test
    void anIdleFamilyTopicIsForgottenAndAResumeFromBeforeGetsAReset() throws InterruptedException {
        Connection alice = of("alice");
        hub.subscribe(alice, List.of("thing:alice-1"), null);
        long since = drain(alice, 2).getLast().offset();
        publish("alice-1", "alice");
        drain(alice, 1);
        assertThat(hub.forgetIdleTopics()).as("followed").isZero();
        hub.disconnect(alice);
        assertThat(hub.forgetIdleTopics()).as("still has history").isZero();

        clock.advance(Duration.ofMinutes(2));
        assertThat(hub.forgetIdleTopics()).isEqualTo(1);
        Connection back = of("alice");
        hub.subscribe(back, List.of("thing:alice-1"), since);
        assertThat(drain(back, 3).stream().map(Outgoing.Message::name))
                .containsExactly("reset", "snapshot", "subscribed");

        long now = id;
        publish("alice-1", "alice");
        drain(back, 1);
        Connection resumed = of("alice");
        hub.subscribe(resumed, List.of("thing:alice-1"), now);
        assertThat(drain(resumed, 2).stream().map(Outgoing.Message::name))
                .as("what came after it is kept again")
                .containsExactly("thing.changed", "subscribed");
    }
}
