package dev.helix.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.helix.bus.Event;
import dev.helix.bus.InProcessEventBus;
import dev.helix.config.HelixConfig;
import dev.helix.events.EventLog;
import dev.helix.internal.Folders;
import dev.helix.storage.Database;
import dev.helix.testing.StorageEngines;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.OptionalLong;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A state version and its {@code state.changed} event are stored together or not at all. */
@Timeout(60)
class StateOutboxTest {
    @ParameterizedTest
    @MethodSource("dev.helix.testing.StorageEngines#all")
    void aWriteWhoseEventCannotBeStoredLeavesNoVersionAndPublishesNothing(String engine) throws Exception {
        Path dir = Files.createTempDirectory("helix-state-outbox");
        HelixConfig.Storage storage = StorageEngines.storage(engine, dir);
        Database db = Database.open(storage);
        try (InProcessEventBus bus = new InProcessEventBus()) {
            db.migrate();
            BlockingQueue<Event> published = new LinkedBlockingQueue<>();
            bus.subscribe("test", "*", published::add);
            EventLog log = EventLog.publishingTo(bus, db, Clock.systemUTC(), new CompositeMeterRegistry());
            log.start();
            SharedState state = new SharedState(db, HelixConfig.defaults().state(), log, Clock.systemUTC());
            state.load();
            Author admin = new Author("admin", "key_1", "admin", "api");
            state.merge(object("a", 1), OptionalLong.empty(), admin);
            assertThat(published.poll(5, TimeUnit.SECONDS).data()).containsEntry("version", 1L);

            db.jdbi().useHandle(h -> h.execute("DROP TABLE events"));
            assertThatThrownBy(() -> state.merge(object("a", 2), OptionalLong.empty(), admin));

            assertThat(state.current().version()).isEqualTo(1);
            assertThat(versions(db)).isEqualTo(1);
            assertThat(published.poll(200, TimeUnit.MILLISECONDS)).isNull();
        } finally {
            StorageEngines.close(db, storage);
            Folders.deleteTree(dir);
        }
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode object(String name, int value) {
        return JsonNodeFactory.instance.objectNode().put(name, value);
    }

    private static long versions(Database db) {
        return db.jdbi()
                .withHandle(h -> h.createQuery("SELECT COUNT(*) FROM state_versions")
                        .mapTo(Long.class)
                        .one());
    }
}
