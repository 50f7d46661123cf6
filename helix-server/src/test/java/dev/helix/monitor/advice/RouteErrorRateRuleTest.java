package dev.helix.monitor.advice;

import static dev.helix.monitor.advice.SyntheticFigures.quiet;
import static dev.helix.monitor.advice.SyntheticFigures.route;
import static dev.helix.monitor.advice.SyntheticFigures.withRoutes;
import static org.assertj.core.api.Assertions.assertThat;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

class RouteErrorRateRuleTest {
    private final Rule rule = new RouteErrorRateRule();

    @Test
    void namesTheRouteWithTheHighestShareOfServerErrors() {
        Recommendation r = rule.evaluate(withRoutes(
                        quiet(),
                        route("GET", "/api/v1/usage", 200, 20, 24),
                        route("POST", "/api/v1/commands", 1_000, 20, 80),
                        route("GET", "/status", 1_000, 5, 1)))
                .orElseThrow();
        assertThat(r.id()).isEqualTo("route-errors:GET /api/v1/usage");
        assertThat(r.severity()).isEqualTo(Severity.WARNING);
        assertThat(r.message()).contains("GET /api/v1/usage answered 12% of 200 requests with a server error");
        assertThat(r.evidence()).containsEntry("serverErrors", 24L).containsEntry("errorRate", 0.12);
        assertThat(r.evidence().get("alsoFailing"))
                .asInstanceOf(InstanceOfAssertFactories.LIST)
                .containsExactly("POST /api/v1/commands");
    }

    @Test
    void isCriticalAboveAQuarter() {
        assertThat(rule.evaluate(withRoutes(quiet(), route("GET", "/api/v1/state", 100, 20, 30)))
                        .orElseThrow()
                        .severity())
                .isEqualTo(Severity.CRITICAL);
    }

    @Test
    void fewServerErrorsGetNoAdvice() {
        assertThat(rule.evaluate(withRoutes(quiet(), route("GET", "/api/v1/state", 1_000, 20, 50))))
                .isEmpty();
    }

    @Test
    void tooFewRequestsToJudge() {
        assertThat(rule.evaluate(withRoutes(quiet(), route("GET", "/api/v1/state", 49, 20, 49))))
                .isEmpty();
    }
}
