package dev.helix.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helix.config.HelixConfig;
import dev.helix.testing.Await;
import dev.helix.testing.StorageEngines;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A node's one listening connection: notifications on any channel reach its listener, and a lost one comes back. */
@Timeout(60)
class PostgresNotificationsTest {
    @Test
    void aNotificationOfOneNodeReachesTheListenerOfAnotherAndALostConnectionIsMadeAgain() throws Exception {
        Path dir = Files.createTempDirectory("helix-notify");
        HelixConfig.Storage storage = StorageEngines.storage("postgresql", dir);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Database sender = Database.open(storage);
        sender.migrate();
        try (Database listener = Database.open(storage, registry)) {
            PostgresNotifications notifications = listener.notifications().orElseThrow();
            ConcurrentLinkedQueue<String> heard = new ConcurrentLinkedQueue<>();
            AtomicInteger resumed = new AtomicInteger();
            notifications.listen("helix_test_a", new PostgresNotifications.Listener() {
                @Override
                public void heard(String payload) {
                    heard.add("a:" + payload);
                }

                @Override
                public void resumed() {
                    resumed.incrementAndGet();
                }
            });
            notifications.listen("helix_test_b", payload -> heard.add("b:" + payload));
            Await.until("channel a is listened to", () -> sentAndHeard(sender, "helix_test_a", "0", heard));
            Await.until("channel b is listened to", () -> sentAndHeard(sender, "helix_test_b", "0", heard));

            PostgresNotifications sending = sender.notifications().orElseThrow();
            sender.jdbi().useTransaction(h -> {
                h.select("SELECT pg_notify(?, '1')", sending.channel("helix_test_a"))
                        .mapTo(String.class)
                        .list();
                h.select("SELECT pg_notify(?, '2')", sending.channel("helix_test_other"))
                        .mapTo(String.class)
                        .list();
            });
            Await.until("the notification is heard", () -> heard.contains("a:1"));
            assertThat(heard).doesNotContain("a:2", "b:2");

            int first = notifications.backendPid();
            sender.jdbi()
                    .useHandle(h -> h.select("SELECT pg_terminate_backend(?)", first)
                            .mapTo(Boolean.class)
                            .one());
            Await.until(
                    "it listens again on a new connection",
                    () -> notifications.listening() && notifications.backendPid() != first);
            assertThat(resumed.get())
                    .as("told at the first LISTEN and again after the reconnection")
                    .isEqualTo(2);
            assertThat(registry.get(Database.TRANSPORT_RECONNECTS).counter().count())
                    .isEqualTo(1.0);
            Await.until(
                    "a notification after the reconnection is heard",
                    () -> sentAndHeard(sender, "helix_test_a", "3", heard));
        } finally {
            StorageEngines.close(sender, storage);
        }
    }

    @Test
    void clustersInTwoSchemasOfOneDatabaseDoNotHearEachOther() throws Exception {
        Path dir = Files.createTempDirectory("helix-notify");
        HelixConfig.Storage one = StorageEngines.storage("postgresql", dir.resolve("one"));
        HelixConfig.Storage other = StorageEngines.storage("postgresql", dir.resolve("other"));
        Database oneSender = Database.open(one);
        Database otherSender = Database.open(other);
        try (Database listener = Database.open(one)) {
            PostgresNotifications notifications = listener.notifications().orElseThrow();
            ConcurrentLinkedQueue<String> heard = new ConcurrentLinkedQueue<>();
            notifications.listen("helix_test_a", payload -> heard.add("a:" + payload));
            assertThat(notifications.channel("helix_test_a"))
                    .as("a schema's channels are its own")
                    .isNotEqualTo(otherSender.notifications().orElseThrow().channel("helix_test_a"))
                    .startsWith("helix_test_a_");
            Await.until("the channel is listened to", () -> sentAndHeard(oneSender, "helix_test_a", "0", heard));

            sentAndHeard(otherSender, "helix_test_a", "other", heard);
            Await.until(
                    "a later notification of its own schema is heard",
                    () -> sentAndHeard(oneSender, "helix_test_a", "1", heard));
            assertThat(heard).doesNotContain("a:other");
        } finally {
            StorageEngines.close(oneSender, one);
            StorageEngines.close(otherSender, other);
        }
    }

    @Test
    void itSaysItListensOnlyOnceEveryChannelAskedForIsListenedTo() throws Exception {
        Path dir = Files.createTempDirectory("helix-notify");
        HelixConfig.Storage storage = StorageEngines.storage("postgresql", dir);
        Database sender = Database.open(storage);
        sender.migrate();
        try (Database listener = Database.open(storage)) {
            PostgresNotifications notifications = listener.notifications().orElseThrow();
            ConcurrentLinkedQueue<String> heard = new ConcurrentLinkedQueue<>();
            notifications.listen("helix_test_a", payload -> heard.add("a:" + payload));
            assertThat(notifications.awaitListening(Duration.ofSeconds(10))).isTrue();

            notifications.listen("helix_test_b", payload -> heard.add("b:" + payload));
            assertThat(notifications.awaitListening(Duration.ofSeconds(10))).isTrue();
            for (int i = 0; i < 5; i++) {
                sentAndHeard(sender, "helix_test_b", "now" + i, heard);
            }
            Await.until("every notification sent once it listens is heard", () -> heard.size() == 5);
        } finally {
            StorageEngines.close(sender, storage);
        }
    }

    /** Sends {@code payload} on {@code channel}; true once it has been heard (a send before the LISTEN is lost). */
    private static boolean sentAndHeard(
            Database sender, String channel, String payload, ConcurrentLinkedQueue<String> heard) {
        sender.jdbi()
                .useHandle(h -> h.select(
                                "SELECT pg_notify(?, ?)",
                                sender.notifications().orElseThrow().channel(channel),
                                payload)
                        .mapTo(String.class)
                        .list());
        return heard.contains(channel.substring(channel.length() - 1) + ":" + payload);
    }
}
