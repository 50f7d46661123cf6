package dev.helix.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helix.config.HelixConfig;
import dev.helix.testing.StorageEngines;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class QueryTimingsTest {
    private static final String SECRET = "hx_5up3rS3cr3tV4lu3";

    @TempDir
    Path dir;

    @ParameterizedTest
    @MethodSource("dev.helix.testing.StorageEngines#all")
    void statementsRunThroughJdbiAreTimedByTextWithoutTheirValues(String engine) {
        HelixConfig.Storage storage = StorageEngines.storage(engine, dir);
        Database db = StorageEngines.open(engine, dir);
        try {
            for (int i = 0; i < 3; i++) {
                db.jdbi()
                        .withHandle(h -> h.createQuery("SELECT COUNT(*) FROM api_keys WHERE key_hash = :hash")
                                .bind("hash", SECRET)
                                .mapTo(Long.class)
                                .one());
            }
            db.jdbi()
                    .withHandle(h -> h.createQuery("SELECT COUNT(*) FROM api_keys WHERE name = 'alice' AND 1 = 1")
                            .mapTo(Long.class)
                            .one());
            List<QueryTimings.Stats> top = db.timings().slowest(QueryTimings.MAX_STATEMENTS);
            assertThat(top).anySatisfy(s -> {
                assertThat(s.sql()).isEqualTo("SELECT COUNT(*) FROM api_keys WHERE key_hash = ?");
                assertThat(s.count()).isEqualTo(3);
                assertThat(s.errors()).isZero();
                assertThat(s.maxNanos()).isLessThanOrEqualTo(s.totalNanos());
            });
            assertThat(top)
                    .extracting(QueryTimings.Stats::sql)
                    .contains("SELECT COUNT(*) FROM api_keys WHERE name = ? AND ? = ?")
                    .noneMatch(sql -> sql.contains(SECRET) || sql.contains("alice"));
        } finally {
            StorageEngines.close(db, storage);
        }
    }

    @Test
    void failedStatementsAreCountedAsErrors() {
        try (Database db = StorageEngines.open("sqlite", dir)) {
            try {
                db.jdbi()
                        .useHandle(h -> h.createUpdate("INSERT INTO api_keys (id) VALUES (:v)")
                                .bind("v", SECRET)
                                .execute());
            } catch (RuntimeException expected) {
                // NOT NULL fails when it runs; its timing is what is checked
            }
            assertThat(db.timings().slowest(100)).anySatisfy(s -> {
                assertThat(s.sql()).isEqualTo("INSERT INTO api_keys (id) VALUES (?)");
                assertThat(s.errors()).isEqualTo(1);
            });
        }
    }

    @Test
    void theSlowestComeFirstAndDistinctStatementsAreBounded() {
        QueryTimings t = new QueryTimings();
        t.record("SELECT a FROM t WHERE id = ?", 5_000, false);
        t.record("SELECT a FROM t WHERE id = ?", 7_000, false);
        t.record("SELECT b FROM t", 9_000, false);
        assertThat(t.slowest(1)).singleElement().satisfies(s -> {
            assertThat(s.sql()).isEqualTo("SELECT a FROM t WHERE id = ?");
            assertThat(s.totalNanos()).isEqualTo(12_000);
            assertThat(s.maxNanos()).isEqualTo(7_000);
        });
        for (int i = 0; i < QueryTimings.MAX_STATEMENTS + 10; i++) {
            t.record("SELECT c" + i + " FROM t", 1, false);
        }
        List<QueryTimings.Stats> all = t.slowest(Integer.MAX_VALUE);
        assertThat(all).hasSize(QueryTimings.MAX_STATEMENTS + 1);
        assertThat(all)
                .filteredOn(s -> s.sql().equals(QueryTimings.OTHER))
                .singleElement()
                .satisfies(s -> assertThat(s.count()).isGreaterThanOrEqualTo(10));
    }

    @Test
    void literalsCommentsAndListsAreNormalisedAway() {
        assertThat(SqlText.normalize("SELECT *  FROM t\n  WHERE a = 'it''s secret' AND b = 42 -- note 'x'\n"
                        + "AND c IN (?, ?, ?) /* 'y' */ AND d = -1.5e3 AND t2.col = $1 AND \"x1\" = 0"))
                .isEqualTo("SELECT * FROM t WHERE a = ? AND b = ? AND c IN (?, ...) AND d = ? AND t2.col = $1 "
                        + "AND \"x1\" = ?");
        assertThat(SqlText.normalize("SELECT $$secret$$, $tag$more$tag$")).isEqualTo("SELECT ?, ?");
        assertThat(SqlText.normalize("SELECT 'unterminated secret")).isEqualTo("SELECT ?");
        assertThat(SqlText.normalize("SELECT " + "x, ".repeat(300) + "y")).hasSize(SqlText.MAX_LENGTH);
    }
}
