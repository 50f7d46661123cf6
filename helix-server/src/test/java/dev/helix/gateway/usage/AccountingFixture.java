package dev.helix.gateway.usage;

import dev.helix.access.Role;
import dev.helix.auth.ApiKeys;
import dev.helix.auth.KeyLimits;
import dev.helix.config.HelixConfig;
import dev.helix.gateway.provider.Usage;
import dev.helix.storage.Database;
import dev.helix.testing.StorageEngines;
import dev.helix.testing.TestClock;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** A real database (SQLite or PostgreSQL), keys on it, a clock that moves only when told, and accountings to test. */
abstract class AccountingFixture {
    @TempDir
    Path dir;

    final TestClock clock = new TestClock("2026-11-15T10:00:00Z");
    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Database db;
    ApiKeys keys;
    private HelixConfig.Storage storage;
    private final List<Accounting> opened = new ArrayList<>();

    void open(String engine) {
        storage = StorageEngines.storage(engine, dir);
        db = Database.open(storage);
        db.migrate();
        keys = new ApiKeys(db, clock);
    }

    @AfterEach
    void closeAll() {
        opened.forEach(a -> {
            try {
                a.close();
            } catch (RuntimeException e) {
                // the test may have broken the table on purpose
            }
        });
        if (db != null) {
            StorageEngines.close(db, storage);
        }
    }

    Accounting accounting() {
        return accounting(Accounting.Settings.DEFAULTS);
    }

    Accounting accounting(Accounting.Settings settings) {
        Accounting a = new Accounting(db, keys, clock, registry, settings, Optional.empty());
        opened.add(a);
        return a;
    }

    String key(KeyLimits limits) {
        return keys.create("k" + System.nanoTime(), Role.USER, limits).key().id();
    }

    /** A successful request of {@code keyId} now, costing {@code costUsd}, with 100 prompt + 50 completion tokens. */
    UsageRecord usage(String keyId, String requestId, double costUsd) {
        return usage(keyId, requestId, costUsd, clock.instant(), 100, 50);
    }

    UsageRecord usage(String keyId, String requestId, double costUsd, Instant at, long prompt, long completion) {
        return new UsageRecord(
                at,
                requestId,
                keyId,
                "gpt-4o",
                "openai",
                "openai-eu",
                new Usage(prompt, completion, 10, 5),
                costUsd,
                120,
                200,
                false,
                1);
    }

    long rows() {
        return db.jdbi()
                .withHandle(h -> h.createQuery("SELECT COUNT(*) FROM llm_usage")
                        .mapTo(Long.class)
                        .one());
    }

    double counter(String name, String... tags) {
        var found = registry.find(name).tags(tags).counter();
        return found == null ? 0 : found.count();
    }
}
