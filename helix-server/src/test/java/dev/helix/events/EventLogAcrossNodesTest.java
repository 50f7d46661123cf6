package dev.helix.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helix.bus.Event;
import dev.helix.bus.InProcessEventBus;
import dev.helix.config.HelixConfig;
import dev.helix.internal.Folders;
import dev.helix.storage.Database;
import dev.helix.testing.StorageEngines;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two nodes' event logs on one PostgreSQL database, neither of which polls: an event one node writes wakes the other,
 * which reads it from the log, hands it to its followers and then publishes it.
 */
@Timeout(60)
class EventLogAcrossNodesTest {
    private Path dir;
    private HelixConfig.Storage storage;
    private Database dbA;
    private Database dbB;
    private final InProcessEventBus busA = new InProcessEventBus();
    private final InProcessEventBus busB = new InProcessEventBus();
    private EventLog logA;
    private EventLog logB;

    @BeforeEach
    void open() throws Exception {
        dir = Files.createTempDirectory("helix-events-nodes");
        storage = StorageEngines.storage("postgresql", dir);
        dbA = Database.open(storage);
        dbA.migrate();
        dbB = Database.open(storage);
        logA = EventLog.publishingTo(busA, dbA, Clock.systemUTC(), new CompositeMeterRegistry());
        logB = EventLog.publishingTo(busB, dbB, Clock.systemUTC(), new CompositeMeterRegistry());
        logA.start();
        logB.start();
    }

    @AfterEach
    void close() throws Exception {
        busA.close();
        busB.close();
        dbB.close();
        StorageEngines.close(dbA, storage);
        Folders.deleteTree(dir);
    }

    @Test
    void anEventWrittenOnOneNodeIsFollowedThenPublishedOnTheOtherWithoutAPoll() throws Exception {
        List<String> seenOnB = new CopyOnWriteArrayList<>();
        BlockingQueue<Event> publishedOnB = new LinkedBlockingQueue<>();
        logB.followOthers("state.changed", e -> seenOnB.add("followed " + e.id()));
        busB.subscribe("test", "*", e -> {
            seenOnB.add("published " + e.id());
            publishedOnB.add(e);
        });
        awaitListening();

        logA.emit(event("state.changed", Map.of("version", 7)));
        Event e = publishedOnB.poll(10, TimeUnit.SECONDS);

        assertThat(e).as("published on B without a poll").isNotNull();
        assertThat(e.data()).containsEntry("version", 7);
        assertThat(seenOnB).startsWith("followed " + e.id(), "published " + e.id());
    }

    @Test
    void aNodeDoesNotFollowItsOwnEvents() throws Exception {
        List<Event> followed = new CopyOnWriteArrayList<>();
        BlockingQueue<Event> publishedOnA = new LinkedBlockingQueue<>();
        logA.followOthers("state.changed", followed::add);
        busA.subscribe("test", "*", publishedOnA::add);

        logA.emit(event("state.changed", Map.of("version", 1)));

        assertThat(publishedOnA.poll(10, TimeUnit.SECONDS)).isNotNull();
        assertThat(followed).isEmpty();
    }

    /** Waits until B hears A: an event written before B's LISTEN would only arrive with a poll. */
    private void awaitListening() throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!dbB.notifications().orElseThrow().listening() && System.nanoTime() < until) {
            Thread.sleep(10);
        }
    }

    private static NewEvent event(String type, Map<String, Object> data) {
        return new NewEvent(type, type.substring(0, type.indexOf('.')), null, data, Instant.now());
    }
}
