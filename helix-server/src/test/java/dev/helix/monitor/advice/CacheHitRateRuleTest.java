package dev.helix.monitor.advice;

import static dev.helix.monitor.advice.SyntheticFigures.cacheRoute;
import static dev.helix.monitor.advice.SyntheticFigures.quiet;
import static dev.helix.monitor.advice.SyntheticFigures.withCache;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CacheHitRateRuleTest {
    private final Rule rule = new CacheHitRateRule();

    @Test
    void aLowHitRateAsksForALongerTtlOfThatRoute() {
        Recommendation r = rule.evaluate(withCache(quiet(),
                cacheRoute("agents", 5.0, 36, 264),
                cacheRoute("state", 30.0, 900, 100))).orElseThrow();
        assertThat(r.id()).isEqualTo("cache-hit-rate:agents");
        assertThat(r.severity()).isEqualTo(Severity.INFO);
        assertThat(r.message()).contains("route agents hit rate 12% with TTL 5 s", "300 lookups",
                "raise cache.routes.agents.ttl");
        assertThat(r.configKey()).isEqualTo("cache.routes.agents.ttl").isEqualTo(SettingNames.cacheTtl("agents"));
        assertThat(r.suggestedValue()).isEqualTo("10s");
        assertThat(r.evidence()).containsEntry("hitRate", 0.12).containsEntry("ttlSeconds", 5.0)
                .containsEntry("lookups", 300L);
    }

    @Test
    void withoutAKnownTtlItStillNamesTheKeyButSuggestsNoValue() {
        Recommendation r = rule.evaluate(withCache(quiet(), cacheRoute("agents", null, 10, 290))).orElseThrow();
        assertThat(r.message()).contains("with its current TTL");
        assertThat(r.configKey()).isEqualTo("cache.routes.agents.ttl");
        assertThat(r.suggestedValue()).isNull();
        assertThat(r.evidence()).doesNotContainKey("ttlSeconds");
    }

    @Test
    void aGoodHitRateGetsNoAdvice() {
        assertThat(rule.evaluate(withCache(quiet(), cacheRoute("agents", 5.0, 60, 240)))).isEmpty();
    }

    @Test
    void tooFewLookupsToJudge() {
        assertThat(rule.evaluate(withCache(quiet(), cacheRoute("agents", 5.0, 0, 99)))).isEmpty();
    }

    @Test
    void noCacheNoAdvice() {
        assertThat(rule.evaluate(quiet())).isEmpty();
    }
}
