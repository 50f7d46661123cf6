package dev.helix.gateway.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.helix.auth.BudgetPeriod;
import dev.helix.auth.KeyLimits;
import dev.helix.gateway.provider.Usage;
import dev.helix.internal.Json;
import dev.helix.internal.Money;
import dev.helix.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class KeyLimitsTest {
    @Test
    void aBudgetDefaultsToAMonthAndLimitsAreChecked() {
        assertThat(new KeyLimits(20.0, null, null, null).period()).isEqualTo(BudgetPeriod.MONTH);
        assertThat(KeyLimits.NONE.any()).isFalse();
        assertThat(new KeyLimits(null, null, null, 5).any()).isTrue();
        assertThatThrownBy(() -> new KeyLimits(0.0, null, null, null)).hasMessageContaining("budgetUsd must be");
        assertThatThrownBy(() -> new KeyLimits(1e9 + 1, null, null, null)).hasMessageContaining("at most 1000000000");
        assertThatThrownBy(() -> new KeyLimits(Double.NaN, null, null, null)).hasMessageContaining("budgetUsd");
        assertThatThrownBy(() -> new KeyLimits(null, BudgetPeriod.DAY, null, null))
                .hasMessage("period needs a budget: give budgetUsd too");
        assertThatThrownBy(() -> new KeyLimits(null, null, 0, null))
                .hasMessageStartingWith("rpm must be a whole number");
        assertThatThrownBy(() -> new KeyLimits(null, null, null, -3)).hasMessageStartingWith("tpm must be");
    }

    @Test
    void limitsAreDescribedAndSerialisedWithoutEmptyFields() {
        KeyLimits all = new KeyLimits(20.0, BudgetPeriod.MONTH, 60, 200_000);
        assertThat(all.describe()).isEqualTo("$20.00/month, 60 rpm, 200000 tpm");
        assertThat(KeyLimits.NONE.describe()).isEqualTo("none");
        assertThat(new String(Json.bytes(all)))
                .isEqualTo("{\"budgetUsd\":20.0,\"period\":\"month\",\"rpm\":60," + "\"tpm\":200000}");
        assertThat(new String(Json.bytes(new KeyLimits(null, null, 60, null)))).isEqualTo("{\"rpm\":60}");
        assertThat(new String(Json.bytes(KeyLimits.NONE))).isEqualTo("{}");
    }

    @Test
    void periodsAreUtcCalendarDaysAndMonths() {
        Instant t = Instant.parse("2028-02-29T23:59:59.999Z");
        assertThat(BudgetPeriod.DAY.start(t)).isEqualTo(Instant.parse("2028-02-29T00:00:00Z"));
        assertThat(BudgetPeriod.DAY.end(t)).isEqualTo(Instant.parse("2028-03-01T00:00:00Z"));
        assertThat(BudgetPeriod.MONTH.start(t)).isEqualTo(Instant.parse("2028-02-01T00:00:00Z"));
        assertThat(BudgetPeriod.MONTH.end(Instant.parse("2026-12-31T12:00:00Z")))
                .isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
        assertThat(BudgetPeriod.parse("day")).isEqualTo(BudgetPeriod.DAY);
        assertThatThrownBy(() -> BudgetPeriod.parse(" Day "))
                .hasMessage("period must be 'day' or 'month', not ' Day '");
        assertThatThrownBy(() -> BudgetPeriod.parse("week")).hasMessage("period must be 'day' or 'month', not 'week'");
    }

    @Test
    void moneyForPeopleHasTwoToFourDecimalsAndTwoSignificantDigitsBelowACent() {
        assertThat(Money.format(20)).isEqualTo("20.00");
        assertThat(Money.format(20.0312)).isEqualTo("20.0312");
        assertThat(Money.format(0.5)).isEqualTo("0.50");
        assertThat(Money.format(0.01)).isEqualTo("0.01");
        assertThat(Money.format(0)).isEqualTo("0.00");
        assertThat(Money.format(0.000049)).isEqualTo("0.000049");
        assertThat(Money.format(0.00001868)).isEqualTo("0.000019");
        assertThat(Money.format(0.00001)).isEqualTo("0.000010");
        assertThat(Money.format(0.0012345)).isEqualTo("0.0012");
        assertThat(Money.toNanos(0.000000001)).isEqualTo(1);
        assertThat(Money.toUsd(20_031_200_000L)).isEqualTo(20.0312);
    }

    @Test
    void moneyInHeadersAndJsonIsAPlainDecimalToTheNanoDollar() {
        assertThat(Money.plain(1.868E-5)).isEqualTo("0.00001868");
        assertThat(Money.plain(0)).isEqualTo("0");
        assertThat(Money.plain(20)).isEqualTo("20");
        assertThat(Money.plain(1e-7 / 3)).isEqualTo("0.000000033");
        assertThat(Money.json(20)).isEqualTo("20.0");
        assertThat(Money.json(1e9)).isEqualTo("1000000000.0");
        assertThat(new String(Json.bytes(new KeyLimits(0.00001, BudgetPeriod.DAY, null, null))))
                .isEqualTo("{\"budgetUsd\":0.00001,\"period\":\"day\"}");
        LimitExceededException budget = LimitExceededException.budget(
                "key_x", new KeyLimits(0.00001, BudgetPeriod.DAY, null, null), 0.00001868, Instant.EPOCH);
        assertThat(new String(Json.bytes(budget.details()))).contains("\"limit\":0.00001,\"current\":0.00001868,");
        assertThat(budget.getMessage()).contains("has spent $0.000019 of its $0.000010 daily budget");
        UsageReport.Row row = new UsageReport.Row(
                UsageGroup.of("model", "m"), 1, 0, 0, 0, 0, 18_680, 0, 0, 0, UsageReport.Refused.NONE);
        assertThat(new String(Json.bytes(row))).contains("\"costUsd\":0.00001868,");
    }

    @Test
    void retryAfterIsWholeSecondsRoundedUpAndAtLeastOne() {
        TestClock clock = new TestClock("2026-11-15T10:00:00Z");
        LimitExceededException soon =
                LimitExceededException.requests("key_x", 60, clock.instant().plusMillis(1));
        assertThat(soon.retryAfter(clock)).isEqualTo(Duration.ofSeconds(1));
        LimitExceededException later =
                LimitExceededException.requests("key_x", 60, clock.instant().plusMillis(2001));
        assertThat(later.retryAfter(clock)).isEqualTo(Duration.ofSeconds(3));
        clock.advance(Duration.ofSeconds(10));
        assertThat(later.retryAfter(clock)).as("already past").isEqualTo(Duration.ofSeconds(1));
        assertThat(later.details())
                .containsEntry("kind", "rpm")
                .containsEntry("limit", 60L)
                .containsEntry("current", 60L)
                .containsEntry("keyId", "key_x");
    }

    @Test
    void impossibleUsageRecordsAreRefusedWhereTheyAreMade() {
        Instant now = Instant.now();
        assertThatThrownBy(() ->
                        new UsageRecord(now, "r", " ", "m", null, null, new Usage(1, 1, 0, 0), 0.1, 1, 200, false, 1))
                .hasMessageContaining("key id");
        assertThatThrownBy(() -> new UsageRecord(
                        now, "r", "key_a", "m", null, null, new Usage(-1, 1, 0, 0), 0.1, 1, 200, false, 1))
                .hasMessageContaining("promptTokens");
        assertThatThrownBy(() -> new UsageRecord(
                        now, "r", "key_a", "m", null, null, new Usage(1, 1, 0, 0), Double.NaN, 1, 200, false, 1))
                .hasMessageContaining("costUsd");
        assertThatThrownBy(() ->
                        new UsageRecord(now, "r", "key_a", "m", null, null, new Usage(1, 1, 0, 0), 0.1, 1, 0, false, 1))
                .hasMessageContaining("status");
        assertThatThrownBy(() -> UsageRecord.refused(now, "r", "key_a", "m", Refusal.RPM, 200, 1))
                .hasMessage("a request refused (rpm) has an error status, not 200");
        assertThatThrownBy(() -> new UsageRecord(
                                now, "r", "key_a", "m", null, null, new Usage(1, 1, 0, 0), 0.1, 1, 200, false, 1)
                        .withFailedAnswers(2))
                .hasMessage("failedAnswers must be from 0 to attempts (1), not 2");
    }
}
