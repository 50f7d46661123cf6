package dev.helix.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helix.config.HelixConfig;
import dev.helix.internal.Folders;
import dev.helix.storage.Database;
import dev.helix.testing.StorageEngines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Pruning by age and by count, oldest first, in bounded batches, on both engines. */
@Timeout(120)
class EventRetentionTest {
    private static final Instant NOW = Instant.parse("2026-12-07T00:00:00Z");

    @ParameterizedTest
    @MethodSource("dev.helix.testing.StorageEngines#all")
    void eventsOlderThanTheRetentionAndBeyondTheMostKeptArePrunedOldestFirstInBoundedRuns(String engine)
            throws Exception {
        Path dir = Files.createTempDirectory("helix-retention");
        HelixConfig.Storage storage = StorageEngines.storage(engine, dir);
        Database db = Database.open(storage);
        try {
            db.migrate();
            EventLog log = EventLog.writerOnly(db);
            int old = EventRetention.BATCH * EventRetention.MAX_BATCHES + 500;
            write(db, log, old, NOW.minus(Duration.ofDays(8)));
            write(db, log, 1500, NOW.minus(Duration.ofHours(1)));
            EventRetention retention =
                    new EventRetention(log, Duration.ofDays(7), 1000, Clock.fixed(NOW, ZoneOffset.UTC));

            assertThat(retention.prune()).isEqualTo(EventRetention.BATCH * EventRetention.MAX_BATCHES);
            assertThat(count(db)).isEqualTo(500 + 1500);
            assertThat(retention.prune()).isEqualTo(500 + 500);
            assertThat(count(db)).isEqualTo(1000);
            assertThat(oldestAt(db)).isEqualTo(NOW.minus(Duration.ofHours(1)).toEpochMilli());
            long newest = log.store().newest();
            assertThat(log.store().after(newest - 1000, 2000)).hasSize(1000);
            assertThat(retention.prune()).isZero();
        } finally {
            StorageEngines.close(db, storage);
            Folders.deleteTree(dir);
        }
    }

    private static void write(Database db, EventLog log, int n, Instant at) {
        List<NewEvent> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(new NewEvent("state.changed", "state", null, Map.of("n", i), at));
        }
        db.jdbi().useTransaction(h -> log.appendAll(h, events));
    }

    private static long count(Database db) {
        return db.jdbi()
                .withHandle(h -> h.createQuery("SELECT COUNT(*) FROM events")
                        .mapTo(Long.class)
                        .one());
    }

    private static long oldestAt(Database db) {
        return db.jdbi()
                .withHandle(h -> h.createQuery("SELECT at FROM events ORDER BY id LIMIT 1")
                        .mapTo(Long.class)
                        .one());
    }
}
