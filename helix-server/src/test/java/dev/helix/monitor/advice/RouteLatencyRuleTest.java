package dev.helix.monitor.advice;

import static dev.helix.monitor.advice.SyntheticFigures.quiet;
import static dev.helix.monitor.advice.SyntheticFigures.route;
import static dev.helix.monitor.advice.SyntheticFigures.withQueries;
import static dev.helix.monitor.advice.SyntheticFigures.withRoutes;
import static org.assertj.core.api.Assertions.assertThat;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

class RouteLatencyRuleTest {
    private final Rule rule = new RouteLatencyRule();

    @Test
    void namesTheSlowestRouteWithItsPercentilesAndListsTheOthers() {
        Figures f = withQueries(
                withRoutes(
                        quiet(),
                        route("GET", "/api/v1/state", 500, 1_800, 0),
                        route("GET", "/api/v1/agents", 400, 1_200, 0),
                        route("GET", "/status", 900, 40, 0)),
                new Figures.Query("SELECT doc FROM state WHERE version = ?", 10, 0, 9_000, 900, 1_500));
        Recommendation r = rule.evaluate(f).orElseThrow();
        assertThat(r.id()).isEqualTo("route-latency:GET /api/v1/state");
        assertThat(r.severity()).isEqualTo(Severity.WARNING);
        assertThat(r.message()).contains("GET /api/v1/state", "1.8 s at p99", "500 requests", "above 1.0 s");
        assertThat(r.evidence())
                .containsEntry("p99Ms", 1_800.0)
                .containsEntry("requests", 500L)
                .containsEntry("window", "5m")
                .containsEntry("slowestQuery", "SELECT doc FROM state WHERE version = ?");
        assertThat(r.evidence().get("alsoSlow"))
                .asInstanceOf(InstanceOfAssertFactories.LIST)
                .containsExactly("GET /api/v1/agents");
        assertThat(r.configKey()).isNull();
    }

    @Test
    void isCriticalAboveFiveSeconds() {
        Recommendation r = rule.evaluate(withRoutes(quiet(), route("POST", "/api/v1/commands", 200, 6_000, 0)))
                .orElseThrow();
        assertThat(r.severity()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void fastRoutesGetNoAdvice() {
        assertThat(rule.evaluate(withRoutes(quiet(), route("GET", "/api/v1/state", 5_000, 950, 0))))
                .isEmpty();
    }

    @Test
    void tooFewRequestsToJudge() {
        assertThat(rule.evaluate(withRoutes(quiet(), route("GET", "/api/v1/state", 99, 3_000, 0))))
                .isEmpty();
    }

    @Test
    void gatewayAndStreamingRoutesAreNotJudged() {
        assertThat(rule.evaluate(withRoutes(
                        quiet(),
                        route("POST", "/v1/chat/completions", 1_000, 20_000, 0),
                        route("GET", "/api/v1/events", 1_000, 600_000, 0),
                        route("GET", "/api/v1/realtime", 1_000, 600_000, 0))))
                .isEmpty();
    }

    @Test
    void sendingAConversationMessageWaitsForTheAgentAndIsNotJudgedButReadingMessagesIs() {
        String messages = "/api/v1/conversations/{id}/messages";
        assertThat(rule.evaluate(withRoutes(quiet(), route("POST", messages, 1_000, 20_000, 0))))
                .isEmpty();
        assertThat(rule.evaluate(withRoutes(quiet(), route("GET", messages, 1_000, 3_000, 0))))
                .isPresent();
    }
}
