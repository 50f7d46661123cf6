package dev.helix.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.helix.bus.Event;
import dev.helix.bus.InProcessEventBus;
import dev.helix.config.HelixConfig;
import dev.helix.health.HealthCheck;
import dev.helix.internal.Folders;
import dev.helix.storage.Database;
import dev.helix.testing.StorageEngines;
import dev.helix.testing.TestClock;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The event log on both engines: written with the change or not at all, published after the commit, in order. */
@Timeout(60)
class EventLogTest {
    private static final String ENGINES = "dev.helix.testing.StorageEngines#all";

    private final InProcessEventBus bus = new InProcessEventBus();
    private final BlockingQueue<Event> published = new LinkedBlockingQueue<>();
    private Path dir;
    private HelixConfig.Storage storage;
    private Database db;
    private EventLog log;

    private void open(String engine) throws IOException {
        dir = Files.createTempDirectory("helix-events");
        storage = StorageEngines.storage(engine, dir);
        db = Database.open(storage);
        db.migrate();
        db.jdbi().useHandle(h -> h.execute("CREATE TABLE changes (n INTEGER NOT NULL)"));
        bus.subscribe("test", "*", published::add);
        log = EventLog.publishingTo(bus, db, Clock.systemUTC(), new CompositeMeterRegistry());
        log.start();
    }

    @AfterEach
    void close() throws IOException {
        bus.close();
        if (db != null) {
            StorageEngines.close(db, storage);
            Folders.deleteTree(dir);
        }
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void aChangeAndItsEventAreWrittenTogetherAndPublishedWithTheirIdAndActor(String engine) throws Exception {
        open(engine);
        long id = db.jdbi().inTransaction(h -> {
            h.execute("INSERT INTO changes (n) VALUES (1)");
            return log.append(h, event("state.changed", Map.of("version", 1L)));
        });
        log.published(id);

        Event e = published.poll(5, TimeUnit.SECONDS);
        assertThat(e.id()).isEqualTo(id);
        assertThat(e.type()).isEqualTo("state.changed");
        assertThat(e.topic()).isEqualTo("state");
        assertThat(e.actor()).isEqualTo("key_1");
        assertThat(e.data()).containsEntry("version", 1L);
        assertThat(log.lastPublished()).isEqualTo(id);
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void aTransactionThatFailsLeavesNeitherTheChangeNorItsEvent(String engine) throws Exception {
        open(engine);
        assertThatThrownBy(() -> db.jdbi().useTransaction(h -> {
                    h.execute("INSERT INTO changes (n) VALUES (1)");
                    log.append(h, event("state.changed", Map.of()));
                    throw new IllegalStateException("the change fails after its event was appended");
                }))
                .isInstanceOf(IllegalStateException.class);
        log.catchUp();

        assertThat(count("changes")).isZero();
        assertThat(count("events")).isZero();
        assertThat(published.poll(200, TimeUnit.MILLISECONDS)).isNull();

        long next = db.jdbi().inTransaction(h -> log.append(h, event("agents.changed", Map.of())));
        log.published(next);
        assertThat(published.poll(5, TimeUnit.SECONDS).type()).isEqualTo("agents.changed");
        assertThat(published.poll(200, TimeUnit.MILLISECONDS))
                .as("the rolled-back event is never published")
                .isNull();
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void aRolledBackEventBeforeACommittedOneIsNeverPublished(String engine) throws Exception {
        open(engine);
        assertThatThrownBy(() -> db.jdbi().useTransaction(h -> {
                    log.append(h, event("state.changed", Map.of("rolled", "back")));
                    throw new IllegalStateException("rolled back");
                }))
                .isInstanceOf(IllegalStateException.class);
        long id = db.jdbi().inTransaction(h -> log.append(h, event("state.changed", Map.of("kept", "yes"))));
        log.published(id);

        Event e = published.poll(5, TimeUnit.SECONDS);
        assertThat(e.id()).isEqualTo(id);
        assertThat(e.data()).containsEntry("kept", "yes");
        assertThat(published.poll(200, TimeUnit.MILLISECONDS)).isNull();
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void anEventIsPublishedOnlyAfterItsTransactionCommits(String engine) throws Exception {
        open(engine);
        long id = db.jdbi().inTransaction(h -> {
            long appended = log.append(h, event("state.changed", Map.of()));
            Thread poller = Thread.ofVirtual().start(log::poll);
            poller.join(10_000);
            assertThat(published.poll(100, TimeUnit.MILLISECONDS)).isNull();
            return appended;
        });
        log.published(id);
        assertThat(published.poll(5, TimeUnit.SECONDS).id()).isEqualTo(id);
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void aReaderPagingByIdNeverSkipsAnEventWhileWritersRace(String engine) throws Exception {
        open(engine);
        Set<Long> seen = ConcurrentHashMap.newKeySet();
        List<Long> order = new ArrayList<>();
        bus.subscribe("order", "*", e -> {
            seen.add(e.id());
            order.add(e.id());
        });
        List<Thread> writers = IntStream.range(0, 6)
                .mapToObj(w -> Thread.ofVirtual().start(() -> {
                    for (int i = 0; i < 40; i++) {
                        db.jdbi().useTransaction(h -> {
                            h.execute("INSERT INTO changes (n) VALUES (1)");
                            log.append(h, event("state.changed", Map.of()));
                        });
                    }
                }))
                .toList();
        Thread reader = Thread.ofVirtual().start(() -> {
            while (writers.stream().anyMatch(Thread::isAlive)) {
                log.poll();
            }
        });
        for (Thread w : writers) {
            w.join();
        }
        reader.join();
        log.poll();

        List<Long> all = db.jdbi()
                .withHandle(h -> h.createQuery("SELECT id FROM events ORDER BY id")
                        .mapTo(Long.class)
                        .list());
        assertThat(all).hasSize(240);
        Thread.sleep(200);
        assertThat(seen).containsExactlyInAnyOrderElementsOf(all);
        assertThat(order).isSorted();
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void eventsEmittedBeforeTheStartAreWrittenAtTheStartAndOthersWritesArePickedUpByThePoll(String engine)
            throws Exception {
        open(engine);
        EventLog early = EventLog.publishingTo(bus, db, Clock.systemUTC(), new CompositeMeterRegistry());
        early.emit(event("commands.changed", Map.of()));
        early.emitSoon(event("commands.run", Map.of("command", "help")));
        assertThat(count("events")).isZero();
        early.start();
        assertThat(count("events")).isEqualTo(2);

        List<String> types = List.of(
                published.poll(5, TimeUnit.SECONDS).type(),
                published.poll(5, TimeUnit.SECONDS).type());
        assertThat(types).containsExactly("commands.changed", "commands.run");
        log.poll();
        Event fromTheOtherWriter = published.poll(5, TimeUnit.SECONDS);
        assertThat(fromTheOtherWriter.type()).isEqualTo("commands.changed");
        assertThat(fromTheOtherWriter.actor()).isEqualTo("key_1");
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void aReaderThatHasNotReadTheLogForAWhileIsReportedAsBehind(String engine) throws Exception {
        open(engine);
        TestClock clock = new TestClock(Instant.parse("2026-12-07T00:00:00Z"));
        EventLog behind = EventLog.publishingTo(bus, db, clock, new CompositeMeterRegistry());
        behind.start();
        HealthCheck health = behind.health(Duration.ofSeconds(30));
        health.check();

        clock.advance(Duration.ofSeconds(31));
        assertThatThrownBy(health::check)
                .isInstanceOf(HealthCheck.Degraded.class)
                .hasMessageContaining("has not been read for 31000 ms");
        behind.poll();
        health.check();
    }

    private static NewEvent event(String type, Map<String, Object> data) {
        return new NewEvent(type, type.substring(0, type.indexOf('.')), "key_1", data, Instant.now());
    }

    private long count(String table) {
        return db.jdbi()
                .withHandle(h -> h.createQuery("SELECT COUNT(*) FROM " + table)
                        .mapTo(Long.class)
                        .one());
    }
}
