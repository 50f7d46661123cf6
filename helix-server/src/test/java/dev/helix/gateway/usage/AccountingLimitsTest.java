package dev.helix.gateway.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.helix.auth.BudgetPeriod;
import dev.helix.auth.KeyLimits;
import dev.helix.internal.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Budgets, their periods, and requests and tokens per minute, on SQLite and PostgreSQL. */
class AccountingLimitsTest extends AccountingFixture {

    @ParameterizedTest
    @MethodSource("dev.helix.testing.StorageEngines#all")
    void aKeyOverItsBudgetIsRefusedWithTheLimitTheSpendAndTheReset(String engine) {
        open(engine);
        String key = key(new KeyLimits(20.0, null, null, null));
        Accounting a = accounting();
        a.admit(key, 100);
        a.record(usage(key, "r1", 19.5));
        a.admit(key, 100);
        a.record(usage(key, "r2", 0.5312));

        LimitExceededException e = catchThrowableOfType(LimitExceededException.class, () -> a.admit(key, 100));
        assertThat(e.kind()).isEqualTo("budget");
        assertThat(e.keyId()).isEqualTo(key);
        assertThat(e.limit()).isEqualTo(20.0);
        assertThat(e.current()).isEqualTo(20.0312);
        assertThat(e.resetAt()).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
        assertThat(e.getMessage())
                .isEqualTo("key " + key + " has spent $20.0312 of its $20.00 monthly budget; it "
                        + "resets at 2026-12-01T00:00:00Z");
        assertThat(e.retryAfter(clock)).isEqualTo(Duration.between(clock.instant(), e.resetAt()));
        assertThat(new String(Json.bytes(e.details())))
                .isEqualTo("{\"kind\":\"budget\",\"keyId\":\"" + key
                        + "\",\"limit\":20.0,\"current\":20.0312,\"resetAt\":\"2026-12-01T00:00:00Z\"}");
        assertThat(counter("helix.gateway.limit.rejections", "kind", "budget")).isEqualTo(1);
        assertThat(registry.scrape()).contains("helix_gateway_limit_rejections_total{kind=\"budget\"");
    }

    @ParameterizedTest
    @MethodSource("dev.helix.testing.StorageEngines#all")
    void spendEqualToTheBudgetIsRefused(String engine) {
        open(engine);
        String key = key(new KeyLimits(1.0, BudgetPeriod.DAY, null, null));
        Accounting a = accounting();
        a.record(usage(key, "r1", 0.999999999));
        a.admit(key, 1);
        a.record(usage(key, "r2", 0.000000001));
        assertThatThrownBy(() -> a.admit(key, 1))
                .isInstanceOf(LimitExceededException.class)
                .hasMessageContaining("has spent $1.00 of its $1.00 daily budget; it resets at 2026-11-16T00:00:00Z");
    }

    @ParameterizedTest
    @MethodSource("dev.helix.testing.StorageEngines#all")
    void budgetsResetAtUtcMidnightAndOnTheFirstOfTheMonth(String engine) {
        open(engine);
        clock.set(Instant.parse("2026-11-30T23:59:00Z"));
        String daily = key(new KeyLimits(1.0, BudgetPeriod.DAY, null, null));
        String monthly = key(new KeyLimits(5.0, BudgetPeriod.MONTH, null, null));
        Accounting a = accounting();
        a.record(usage(daily, "d1", 1.0));
        a.record(usage(monthly, "m1", 5.0));
        a.flush();
        assertThatThrownBy(() -> a.admit(daily, 1))
                .isInstanceOfSatisfying(
                        LimitExceededException.class,
                        e -> assertThat(e.resetAt()).isEqualTo(Instant.parse("2026-12-01T00:00:00Z")));
        assertThatThrownBy(() -> a.admit(monthly, 1))
                .isInstanceOfSatisfying(
                        LimitExceededException.class,
                        e -> assertThat(e.retryAfter(clock)).isEqualTo(Duration.ofSeconds(60)));

        clock.set(Instant.parse("2026-12-01T00:00:00Z"));
        a.admit(daily, 1);
        a.admit(monthly, 1);
        assertThat(a.spendUsd(daily)).isZero();
        assertThat(a.spendUsd(monthly)).isZero();

        clock.set(Instant.parse("2026-12-01T12:00:00Z"));
        a.record(usage(monthly, "m2", 5.0));
        clock.set(Instant.parse("2026-12-02T00:00:01Z"));
        assertThatThrownBy(() -> a.admit(monthly, 1))
                .as("a month budget does not reset at midnight")
                .isInstanceOf(LimitExceededException.class);
    }

    @ParameterizedTest
    @MethodSource("dev.helix.testing.StorageEngines#all")
    void requestsPerMinuteAreCountedPerKey(String engine) {
        open(engine);
        String key = key(new KeyLimits(null, null, 3, null));
        String other = key(new KeyLimits(null, null, 3, null));
        Accounting a = accounting();
        for (int i = 0; i < 3; i++) {
            a.admit(key, 1000);
        }
        a.admit(other, 1000);
        LimitExceededException e = catchThrowableOfType(LimitExceededException.class, () -> a.admit(key, 1000));
        assertThat(e.kind()).isEqualTo("rpm");
        assertThat(e.limit()).isEqualTo(3);
        assertThat(e.current()).isEqualTo(3);
        assertThat(e.retryAfter(clock)).isEqualTo(Duration.ofSeconds(20));
        assertThat(e.getMessage())
                .isEqualTo("key " + key + " has used its 3 requests per minute (rpm); the next "
                        + "request is allowed at " + e.resetAt());

        clock.advance(Duration.ofSeconds(20));
        a.admit(key, 1000);
        assertThatThrownBy(() -> a.admit(key, 1000)).isInstanceOf(LimitExceededException.class);
        clock.advance(Duration.ofMinutes(1));
        for (int i = 0; i < 3; i++) {
            a.admit(key, 1000);
        }
        assertThat(counter("helix.gateway.limit.rejections", "kind", "rpm")).isEqualTo(2);
    }

    @ParameterizedTest
    @MethodSource("dev.helix.testing.StorageEngines#all")
    void tokensPerMinuteAreEstimatedAtAdmitAndCorrectedByActualUsage(String engine) {
        open(engine);
        String key = key(new KeyLimits(null, null, null, 1000));
        Accounting a = accounting();
        a.admit(key, "r1", 600);
        LimitExceededException e = catchThrowableOfType(LimitExceededException.class, () -> a.admit(key, "r2", 600));
        assertThat(e.kind()).isEqualTo("tpm");
        assertThat(e.limit()).isEqualTo(1000);
        assertThat(e.current()).isEqualTo(600);
        assertThat(e.getMessage())
                .startsWith("key " + key + " has used 600 of its 1000 tokens per minute (tpm) and "
                        + "this request needs an estimated 600; enough are free again at ");

        a.record(usage(key, "r1", 0.01, clock.instant(), 80, 20));
        a.admit(key, "r3", 600);
        a.record(usage(key, "r3", 0.01, clock.instant(), 700, 200));
        assertThatThrownBy(() -> a.admit(key, "r4", 1))
                .as("r3 used 300 more than estimated")
                .isInstanceOf(LimitExceededException.class);
        clock.advance(Duration.ofMinutes(1));
        a.admit(key, "r4", 1000);
    }

    @ParameterizedTest
    @MethodSource("dev.helix.testing.StorageEngines#all")
    void aRequestLargerThanTheTokenLimitPassesOnAFullBucketAndLeavesDebt(String engine) {
        open(engine);
        String key = key(new KeyLimits(null, null, null, 1000));
        Accounting a = accounting();
        a.admit(key, "big", 5000);
        LimitExceededException e = catchThrowableOfType(LimitExceededException.class, () -> a.admit(key, "next", 1));
        assertThat(e.current()).isEqualTo(5000);
        assertThat(e.retryAfter(clock)).isEqualTo(Duration.ofSeconds(241));
    }

    @ParameterizedTest
    @MethodSource("dev.helix.testing.StorageEngines#all")
    void aRequestRefusedForTokensDoesNotCountAsARequest(String engine) {
        open(engine);
        String key = key(new KeyLimits(null, null, 2, 100));
        Accounting a = accounting();
        a.admit(key, "a", 50);
        assertThatThrownBy(() -> a.admit(key, "b", 80))
                .isInstanceOfSatisfying(
                        LimitExceededException.class, e -> assertThat(e.kind()).isEqualTo("tpm"));
        a.admit(key, "c", 50);
        assertThatThrownBy(() -> a.admit(key, "d", 0))
                .isInstanceOfSatisfying(
                        LimitExceededException.class, e -> assertThat(e.kind()).isEqualTo("rpm"));
    }

    @ParameterizedTest
    @MethodSource("dev.helix.testing.StorageEngines#all")
    void changedLimitsApplyAtOnceAndKeepWhatWasCounted(String engine) {
        open(engine);
        String key = key(new KeyLimits(null, null, 2, null));
        Accounting a = accounting();
        a.admit(key, 1);
        a.admit(key, 1);
        assertThatThrownBy(() -> a.admit(key, 1)).isInstanceOf(LimitExceededException.class);
        keys.updateLimits(key, new KeyLimits(null, null, 3, null));
        a.admit(key, 1);
        assertThatThrownBy(() -> a.admit(key, 1)).isInstanceOf(LimitExceededException.class);
        keys.updateLimits(key, new KeyLimits(0.5, null, null, null));
        a.admit(key, 1);
        a.record(usage(key, "r", 0.5));
        assertThatThrownBy(() -> a.admit(key, 1))
                .isInstanceOfSatisfying(
                        LimitExceededException.class, e -> assertThat(e.kind()).isEqualTo("budget"));
        keys.updateLimits(key, KeyLimits.NONE);
        a.admit(key, 1);
    }

    @ParameterizedTest
    @MethodSource("dev.helix.testing.StorageEngines#all")
    void concurrentAdmitsNeverExceedTheRequestLimit(String engine) throws Exception {
        open(engine);
        String key = key(new KeyLimits(null, null, 500, null));
        Accounting a = accounting();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            for (int t = 0; t < 16; t++) {
                results.add(pool.submit(() -> {
                    go.await();
                    int admitted = 0;
                    for (int i = 0; i < 100; i++) {
                        try {
                            a.admit(key, 1);
                            admitted++;
                        } catch (LimitExceededException e) {
                            // counted by the total below
                        }
                    }
                    return admitted;
                }));
            }
            go.countDown();
            int total = 0;
            for (Future<Integer> r : results) {
                total += r.get(60, TimeUnit.SECONDS);
            }
            assertThat(total).isEqualTo(500);
        }
        assertThat(counter("helix.gateway.limit.rejections", "kind", "rpm")).isEqualTo(1100);
    }

    @ParameterizedTest
    @MethodSource("dev.helix.testing.StorageEngines#all")
    void keysWithoutLimitsAreAlwaysAdmittedAndStillHaveASpend(String engine) {
        open(engine);
        String key = key(KeyLimits.NONE);
        Accounting a = accounting();
        for (int i = 0; i < 1000; i++) {
            a.admit(key, 1_000_000);
        }
        a.record(usage(key, "r", 12.5));
        a.flush();
        assertThat(a.spendUsd(key)).isEqualTo(12.5);
        assertThat(a.spendUsd("key_unknown")).isZero();
    }
}
