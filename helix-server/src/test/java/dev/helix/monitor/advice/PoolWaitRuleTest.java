package dev.helix.monitor.advice;

import static dev.helix.monitor.advice.SyntheticFigures.pool;
import static dev.helix.monitor.advice.SyntheticFigures.quiet;
import static dev.helix.monitor.advice.SyntheticFigures.withPool;
import static org.assertj.core.api.Assertions.assertThat;

import dev.helix.config.ConfigKeys;
import org.junit.jupiter.api.Test;

class PoolWaitRuleTest {
    private final Rule rule = new PoolWaitRule();

    @Test
    void slowAcquisitionsOnPostgresqlAskForALargerPool() {
        Recommendation r = rule.evaluate(withPool(quiet(), pool("postgresql", 10, 10, 1_000, 300 + 1, 0)))
                .orElseThrow();
        assertThat(r.id()).isEqualTo("db-pool-wait");
        assertThat(r.severity()).isEqualTo(Severity.WARNING);
        assertThat(r.configKey()).isEqualTo(ConfigKeys.POOL_SIZE.name()).isEqualTo("storage.poolSize");
        assertThat(r.suggestedValue()).isEqualTo("20");
        assertThat(r.message())
                .contains("30% of 1,000 connection requests wait more than 10 ms", "raise storage.poolSize");
        assertThat(r.evidence())
                .containsEntry("acquisitions", 1_000L)
                .containsEntry("slowAcquisitions", 301L)
                .containsEntry("slowerThanMs", 10L)
                .containsEntry("database", "postgresql");
    }

    @Test
    void timeoutsMakeItCritical() {
        Recommendation r = rule.evaluate(withPool(quiet(), pool("postgresql", 10, 10, 1_000, 500, 7)))
                .orElseThrow();
        assertThat(r.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(r.message()).contains("7 timed out");
    }

    @Test
    void onSqliteAtItsCapItPointsAtPostgresqlInstead() {
        Recommendation r = rule.evaluate(withPool(quiet(), pool("sqlite", 10, 4, 1_000, 400, 0)))
                .orElseThrow();
        assertThat(r.configKey()).isEqualTo(ConfigKeys.DATABASE_URL.name());
        assertThat(r.suggestedValue()).isNull();
        assertThat(r.message()).contains("capped at 4", "move to PostgreSQL");
    }

    @Test
    void aPoolAtItsLargestSuggestsNoValue() {
        Recommendation r = rule.evaluate(withPool(quiet(), pool("postgresql", 200, 200, 1_000, 400, 0)))
                .orElseThrow();
        assertThat(r.configKey()).isEqualTo("storage.poolSize");
        assertThat(r.suggestedValue()).isNull();
    }

    @Test
    void fewSlowAcquisitionsGetNoAdvice() {
        assertThat(rule.evaluate(withPool(quiet(), pool("postgresql", 10, 10, 1_000, 300, 0))))
                .isEmpty();
    }

    @Test
    void tooFewAcquisitionsToJudge() {
        assertThat(rule.evaluate(withPool(quiet(), pool("postgresql", 10, 10, 99, 99, 0))))
                .isEmpty();
    }
}
