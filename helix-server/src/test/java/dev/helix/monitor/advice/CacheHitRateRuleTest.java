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
        Recommendation r = rule.evaluate(withCache(
                        quiet(),
                        cacheRoute("/api/v1/agents", 5.0, 36, 264),
                        cacheRoute("/api/v1/state", 30.0, 900, 100)))
                .orElseThrow();
        assertThat(r.id()).isEqualTo("cache-hit-rate:/api/v1/agents");
        assertThat(r.severity()).isEqualTo(Severity.INFO);
        assertThat(r.message())
                .contains(
                        "route /api/v1/agents hit rate 12% with TTL 5 s",
                        "300 lookups", "raise the route's ttl in caching.routes");
        assertThat(r.configKey()).isEqualTo("caching.routes").isEqualTo(SettingNames.CACHE_ROUTES);
        assertThat(r.suggestedValue()).isEqualTo("/api/v1/agents ttl=10s");
        assertThat(r.evidence())
                .containsEntry("hitRate", 0.12)
                .containsEntry("ttlSeconds", 5.0)
                .containsEntry("lookups", 300L);
    }

    @Test
    void withoutAKnownTtlItStillNamesTheKeyButSuggestsNoValue() {
        Recommendation r = rule.evaluate(withCache(quiet(), cacheRoute("/api/v1/agents", null, 10, 290)))
                .orElseThrow();
        assertThat(r.message()).contains("with its current TTL");
        assertThat(r.configKey()).isEqualTo("caching.routes");
        assertThat(r.suggestedValue()).isNull();
        assertThat(r.evidence()).doesNotContainKey("ttlSeconds");
    }

    @Test
    void aGoodHitRateGetsNoAdvice() {
        assertThat(rule.evaluate(withCache(quiet(), cacheRoute("/api/v1/agents", 5.0, 60, 240))))
                .isEmpty();
    }

    @Test
    void tooFewLookupsToJudge() {
        assertThat(rule.evaluate(withCache(quiet(), cacheRoute("/api/v1/agents", 5.0, 0, 99))))
                .isEmpty();
    }

    @Test
    void noCacheNoAdvice() {
        assertThat(rule.evaluate(quiet())).isEmpty();
    }
}
