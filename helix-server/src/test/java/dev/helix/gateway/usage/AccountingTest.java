package dev.helix.gateway.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.helix.auth.BudgetPeriod;
import dev.helix.auth.KeyLimits;
import dev.helix.gateway.provider.Usage;
import dev.helix.internal.Money;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Recording, batching, spend across restarts and nodes, failed writes and concurrency, on SQLite and PostgreSQL. */
class AccountingTest extends AccountingFixture {
    private static final KeyLimits TEN_A_MONTH = new KeyLimits(10.0, BudgetPeriod.MONTH, null, null);

    @ParameterizedTest
    @MethodSource("dev.helix.testing.StorageEngines#all")
    void recordsAreQueuedAndWrittenInBatchesByFlush(String engine) {
        open(engine);
        Accounting a = accounting(new Accounting.Settings(100_000, 2, Duration.ofSeconds(5)));
        String key = key(KeyLimits.NONE);
        a.record(new UsageRecord(
                clock.instant(),
                "req-1",
                key,
                "gpt-4o",
                null,
                null,
                new Usage(1200, 345, 1000, 200),
                0.001234567,
                850,
                502,
                true,
                3));
        for (int i = 2; i <= 5; i++) {
            a.record(usage(key, "req-" + i, 0.01));
        }
        assertThat(rows()).as("record() only queues").isZero();
        assertThat(a.pending()).isEqualTo(5);
        assertThat(registry.scrape()).contains("helix_gateway_usage_pending 5.0");

        a.flush();
        assertThat(rows()).isEqualTo(5);
        assertThat(a.pending()).isZero();
        Map<String, Object> first = db.jdbi()
                .withHandle(h -> h.createQuery("SELECT * FROM llm_usage " + "WHERE request_id = 'req-1'")
                        .mapToMap()
                        .one());
        assertThat(first)
                .containsEntry("key_id", key)
                .containsEntry("model", "gpt-4o")
                .containsEntry("provider", null)
                .containsEntry("deployment", null)
                .containsEntry("at", clock.millis());
        assertThat(((Number) first.get("cost_nanousd")).longValue()).isEqualTo(1_234_567L);
        assertThat(((Number) first.get("prompt_tokens")).longValue()).isEqualTo(1200);
        assertThat(((Number) first.get("completion_tokens")).longValue()).isEqualTo(345);
        assertThat(((Number) first.get("cached_tokens")).longValue()).isEqualTo(1000);
        assertThat(((Number) first.get("reasoning_tokens")).longValue()).isEqualTo(200);
        assertThat(((Number) first.get("latency_ms")).longValue()).isEqualTo(850);
        assertThat(((Number) first.get("status")).intValue()).isEqualTo(502);
        assertThat(((Number) first.get("attempts")).intValue()).isEqualTo(3);
        assertThat(String.valueOf(first.get("cache_hit"))).isIn("true", "1");
        a.flush();
        assertThat(rows()).as("a flush with nothing waiting writes nothing").isEqualTo(5);
    }

    @ParameterizedTest
    @MethodSource("dev.helix.testing.StorageEngines#all")
    void spendSurvivesARestartAndCountsOnlyTheCurrentPeriod(String engine) {
        open(engine);
        String key = key(TEN_A_MONTH);
        Accounting first = accounting();
        first.record(usage(key, "last-month", 4.0, Instant.parse("2026-10-31T23:59:59Z"), 10, 10));
        first.record(usage(key, "r1", 1.25));
        first.record(usage(key, "r2", 0.000000001));
        assertThat(first.spendUsd(key)).isEqualTo(1.250000001);
        first.close();
        assertThat(rows()).isEqualTo(3);

        Accounting restarted = accounting();
        assertThat(restarted.spendUsd(key)).isEqualTo(1.250000001);
        restarted.record(usage(key, "r3", 2.0));
        assertThat(restarted.spendUsd(key))
                .as("includes records not yet written")
                .isEqualTo(3.250000001);
        restarted.flush();
        assertThat(restarted.spendUsd(key))
                .as("written: moved, not counted twice")
                .isEqualTo(3.250000001);
        clock.advance(Duration.ofSeconds(5));
        restarted.flush();
        assertThat(restarted.spendUsd(key))
                .as("after a refresh from the database")
                .isEqualTo(3.250000001);
    }

    @ParameterizedTest
    @MethodSource("dev.helix.testing.StorageEngines#all")
    void aFailedWriteIsKeptAndRetriedWithoutDuplicates(String engine) {
        open(engine);
        String key = key(TEN_A_MONTH);
        Accounting a = accounting();
        a.admit(key, 10);
        a.record(usage(key, "r1", 1.0));
        a.record(usage(key, "r2", 2.0));
        db.jdbi().useHandle(h -> h.execute("ALTER TABLE llm_usage RENAME TO llm_usage_away"));

        a.flush();
        a.record(usage(key, "r3", 3.0));
        a.flush();
        assertThat(a.pending()).isEqualTo(3);
        assertThat(counter("helix.gateway.usage.write.failures")).isEqualTo(2);
        assertThat(a.spendUsd(key)).isEqualTo(6.0);
        a.admit(key, 10);

        db.jdbi().useHandle(h -> h.execute("ALTER TABLE llm_usage_away RENAME TO llm_usage"));
        a.flush();
        a.flush();
        assertThat(rows()).isEqualTo(3);
        assertThat(a.pending()).isZero();
        assertThat(a.spendUsd(key)).isEqualTo(6.0);
        assertThat(registry.scrape()).contains("helix_gateway_usage_write_failures_total");
    }

    @ParameterizedTest
    @MethodSource("dev.helix.testing.StorageEngines#all")
    void tooManyWaitingRecordsAreWrittenByTheCallerOrCountedAsDroppedWhileWritesFail(String engine) {
        open(engine);
        String key = key(TEN_A_MONTH);
        Accounting a = accounting(new Accounting.Settings(3, 100, Duration.ofSeconds(5)));
        a.admit(key, 1);
        for (int i = 0; i < 5; i++) {
            a.record(usage(key, "ok-" + i, 0.5));
        }
        assertThat(rows()).as("the fourth record wrote the three waiting").isEqualTo(3);
        a.flush();
        assertThat(rows()).isEqualTo(5);

        db.jdbi().useHandle(h -> h.execute("ALTER TABLE llm_usage RENAME TO llm_usage_away"));
        for (int i = 0; i < 5; i++) {
            a.record(usage(key, "failing-" + i, 1.0));
        }
        assertThat(a.pending()).isEqualTo(3);
        assertThat(counter("helix.gateway.usage.dropped")).isEqualTo(2);
        assertThat(a.spendUsd(key))
                .as("dropped records still count on this node")
                .isEqualTo(7.5);
        db.jdbi().useHandle(h -> h.execute("ALTER TABLE llm_usage_away RENAME TO llm_usage"));
        a.flush();
        assertThat(rows()).isEqualTo(8);
    }

    @ParameterizedTest
    @MethodSource("dev.helix.testing.StorageEngines#all")
    @Timeout(120)
    void concurrentRecordsGiveExactTotals(String engine) throws Exception {
        open(engine);
        String key = key(new KeyLimits(1e9, BudgetPeriod.DAY, null, null));
        Accounting a = accounting(new Accounting.Settings(100_000, 64, Duration.ofSeconds(5)));
        int threads = 16;
        int each = 250;
        AtomicLong expectedNanos = new AtomicLong();
        AtomicBoolean done = new AtomicBoolean();
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(threads + 1)) {
            Future<?> flusher = pool.submit(() -> {
                while (!done.get()) {
                    a.flush();
                }
            });
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                writers.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < each; i++) {
                        double cost = ((thread * each + i) % 97 + 1) * 0.000123457;
                        expectedNanos.addAndGet(Money.toNanos(cost));
                        a.record(usage(key, "t" + thread + "-" + i, cost));
                        a.spendUsd(key);
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> w : writers) {
                w.get(60, TimeUnit.SECONDS);
            }
            done.set(true);
            flusher.get(60, TimeUnit.SECONDS);
        }
        assertThat(a.spendUsd(key)).isEqualTo(Money.toUsd(expectedNanos.get()));
        a.flush();
        assertThat(rows()).isEqualTo((long) threads * each);
        long stored = db.jdbi()
                .withHandle(h -> h.createQuery("SELECT SUM(cost_nanousd) FROM llm_usage")
                        .mapTo(Long.class)
                        .one());
        assertThat(stored).isEqualTo(expectedNanos.get());
        assertThat(a.spendUsd(key)).isEqualTo(Money.toUsd(expectedNanos.get()));
        assertThat(accounting().spendUsd(key)).isEqualTo(Money.toUsd(expectedNanos.get()));
    }

    @ParameterizedTest
    @MethodSource("dev.helix.testing.StorageEngines#all")
    void nodesSharingADatabaseAgreeOnABudgetWithinTheRefreshInterval(String engine) {
        open(engine);
        String key = key(new KeyLimits(1.0, BudgetPeriod.MONTH, null, null));
        Accounting nodeA = accounting();
        Accounting nodeB = accounting();
        nodeA.record(usage(key, "a1", 0.7));
        nodeA.flush();
        nodeB.admit(key, 10);
        assertThat(nodeB.spendUsd(key)).isEqualTo(0.7);

        nodeA.record(usage(key, "a2", 0.5));
        nodeA.flush();
        assertThat(nodeB.spendUsd(key)).as("B has not refreshed yet").isEqualTo(0.7);
        nodeB.admit(key, 10);

        clock.advance(Duration.ofSeconds(5));
        nodeB.flush();
        assertThat(nodeB.spendUsd(key)).isEqualTo(1.2);
        assertThatThrownBy(() -> nodeB.admit(key, 10))
                .isInstanceOf(LimitExceededException.class)
                .hasMessageContaining("has spent $1.20 of its $1.00 monthly budget");
    }

    @ParameterizedTest
    @MethodSource("dev.helix.testing.StorageEngines#all")
    void recordsOfAnEndedPeriodWrittenLaterDoNotCountInTheNewOne(String engine) {
        open(engine);
        clock.set(Instant.parse("2026-11-30T23:59:50Z"));
        String key = key(new KeyLimits(1.0, BudgetPeriod.DAY, null, null));
        Accounting a = accounting();
        a.record(usage(key, "late", 1.0));
        assertThatThrownBy(() -> a.admit(key, 1)).isInstanceOf(LimitExceededException.class);
        clock.set(Instant.parse("2026-12-01T00:00:00Z"));
        a.admit(key, 1);
        a.flush();
        assertThat(a.spendUsd(key)).isZero();
        clock.advance(Duration.ofSeconds(10));
        a.flush();
        assertThat(a.spendUsd(key)).isZero();
        a.admit(key, 1);
    }
}
