package dev.helix.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.helix.config.HelixConfig;
import dev.helix.testing.StorageEngines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DatabaseTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @MethodSource("dev.helix.testing.StorageEngines#all")
    void migrationsApplyOnceAndTheSchemaWorks(String engine) {
        HelixConfig.Storage storage = StorageEngines.storage(engine, dir);
        Database db = Database.open(storage);
        try {
            assertThat(db.kind().id()).isEqualTo(engine);
            assertThat(db.migrated()).isFalse();
            assertThat(db.initialised()).isFalse();
            assertThat(db.migrate()).isGreaterThanOrEqualTo(1);
            assertThat(db.migrated()).isTrue();
            assertThat(db.initialised()).isTrue();
            assertThat(db.migrate()).isZero();
            db.ping(Duration.ofSeconds(2));
            long rows = db.jdbi()
                    .withHandle(h -> h.createQuery("SELECT COUNT(*) FROM api_keys")
                            .mapTo(Long.class)
                            .one());
            assertThat(rows).isZero();
            assertThat(db.describe()).doesNotContain("password");
        } finally {
            StorageEngines.close(db, storage);
        }
    }

    @Test
    void sqliteRunsInWalModeWithForeignKeysAndABusyTimeout() {
        HelixConfig.Storage storage = StorageEngines.storage("sqlite", dir.resolve("nested/data"));
        try (Database db = Database.open(storage)) {
            db.migrate();
            assertThat(Files.exists(dir.resolve("nested/data/helix.db"))).isTrue();
            db.jdbi().useHandle(h -> {
                assertThat(h.createQuery("PRAGMA journal_mode")
                                .mapTo(String.class)
                                .one())
                        .isEqualToIgnoringCase("wal");
                assertThat(h.createQuery("PRAGMA foreign_keys")
                                .mapTo(Integer.class)
                                .one())
                        .isEqualTo(1);
                assertThat(h.createQuery("PRAGMA busy_timeout")
                                .mapTo(Integer.class)
                                .one())
                        .isEqualTo(5000);
            });
        }
    }

    @Test
    void aCheckpointCopiesTheLogBackSoTheNextWritesStartItAgain() {
        HelixConfig.Storage storage = StorageEngines.storage("sqlite", dir);
        try (Database db = Database.open(storage)) {
            db.migrate();
            db.jdbi().useHandle(h -> {
                assertThat(h.createQuery("PRAGMA wal_autocheckpoint")
                                .mapTo(Integer.class)
                                .one())
                        .as("commits checkpoint only as a backstop")
                        .isEqualTo(Database.WAL_BACKSTOP_PAGES);
                h.execute("CREATE TABLE t (n INTEGER)");
            });
            for (int i = 0; i < 200; i++) {
                int n = i;
                db.jdbi().useHandle(h -> h.execute("INSERT INTO t VALUES (?)", n));
            }
            db.checkpoint();
            db.jdbi().useHandle(h -> h.execute("INSERT INTO t VALUES (200)"));
            int framesInLog = db.jdbi()
                    .withHandle(h -> h.createQuery("PRAGMA wal_checkpoint(PASSIVE)")
                            .map((rs, ctx) -> rs.getInt(2))
                            .one());
            assertThat(framesInLog)
                    .as("the log started again after the checkpoint")
                    .isLessThan(10);
        }
    }

    @Test
    void aCheckpointOnPostgresDoesNothing() {
        HelixConfig.Storage storage = StorageEngines.storage("postgresql", dir);
        Database db = Database.open(storage);
        try {
            db.migrate();
            db.checkpoint();
            db.ping(Duration.ofSeconds(2));
        } finally {
            StorageEngines.close(db, storage);
        }
    }

    @Test
    void anUnreachablePostgresIsReportedWithoutItsPassword() {
        HelixConfig.Storage storage = HelixConfig.defaults().storage().toBuilder()
                .databaseUrl("postgresql://helix:topsecret@127.0.0.1:1/helix")
                .build();
        try (Database db = Database.open(storage)) {
            assertThatThrownBy(db::migrate)
                    .isInstanceOf(StorageException.class)
                    .hasMessageContaining("cannot migrate the database (postgresql jdbc:postgresql://127.0.0.1:1/helix "
                            + "as helix)")
                    .hasMessageNotContaining("topsecret");
            assertThatThrownBy(() -> db.ping(Duration.ofSeconds(1)))
                    .isInstanceOf(StorageException.class)
                    .hasMessageContaining("unreachable");
        }
    }

    @Test
    void urlsAreSplitIntoJdbcUrlAndCredentials() {
        HelixConfig.Storage base = HelixConfig.defaults().storage();
        ConnectionSettings pg = ConnectionSettings.from(base.toBuilder()
                .databaseUrl("postgresql://app:p%40ss@db.internal:5433/helix?sslmode=require")
                .build());
        assertThat(pg.kind()).isEqualTo(DatabaseKind.POSTGRESQL);
        assertThat(pg.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:5433/helix?sslmode=require");
        assertThat(pg.user()).isEqualTo("app");
        assertThat(pg.password()).isEqualTo("p@ss");
        assertThat(pg.where()).isEqualTo("PostgreSQL postgresql://app:****@db.internal:5433/helix?sslmode=require");
        ConnectionSettings inQuery = ConnectionSettings.from(base.toBuilder()
                .databaseUrl("postgresql://h/db?user=app&password=secret&ssl=true")
                .build());
        assertThat(inQuery.where()).isEqualTo("PostgreSQL postgresql://h/db?user=app&password=****&ssl=true");
        assertThat(inQuery).hasToString("postgresql jdbc:postgresql://h/db?user=app&password=****&ssl=true");
        ConnectionSettings jdbc = ConnectionSettings.from(new HelixConfig.Storage(
                Path.of("x"),
                "jdbc:postgresql://h/db",
                "u",
                "pw",
                5,
                Duration.ofSeconds(1),
                java.util.Optional.empty()));
        assertThat(jdbc.user()).isEqualTo("u");
        assertThat(jdbc.password()).isEqualTo("pw");
        ConnectionSettings sqlite = ConnectionSettings.from(
                base.toBuilder().databaseUrl("sqlite:/tmp/x.db").build());
        assertThat(sqlite.jdbcUrl()).isEqualTo("jdbc:sqlite:/tmp/x.db");
        assertThat(sqlite.where()).isEqualTo("SQLite /tmp/x.db");
        assertThat(Database.sqliteFile(
                        base.toBuilder().databaseUrl("sqlite:/tmp/x.db").build()))
                .contains(Path.of("/tmp/x.db"));
        assertThat(Database.sqliteFile(
                        base.toBuilder().databaseUrl("postgresql://h/db").build()))
                .isEmpty();
        assertThat(ConnectionSettings.from(
                                base.toBuilder().dataDir(Path.of("/srv/helix")).build())
                        .jdbcUrl())
                .isEqualTo("jdbc:sqlite:/srv/helix/helix.db");
    }
}
