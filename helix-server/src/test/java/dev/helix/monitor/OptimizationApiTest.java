package dev.helix.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.testing.HelixClient;
import dev.helix.testing.HelixServerExtension;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The performance monitor's three routes, end to end. */
class OptimizationApiTest {
    private static final List<String> ROUTES = List.of(
            "/api/v1/optimization/summary", "/api/v1/optimization/recommendations", "/api/v1/optimization/health");

    @RegisterExtension
    static HelixServerExtension server = new HelixServerExtension();

    private final HelixClient client = server.client();

    @Test
    void adminOnly() {
        String user = client.createKey("perf-user", "user");
        for (String route : ROUTES) {
            assertThat(client.get(route).status()).as(route).isEqualTo(200);
            assertThat(client.get(route, user).status()).as(route).isEqualTo(403);
            assertThat(client.get(route, null).status()).as(route).isEqualTo(401);
        }
    }

    @Test
    void theSummaryShowsEachRouteServedWithItsWindowsAndTheNodeFigures() {
        for (int i = 0; i < 3; i++) {
            client.get("/api/v1/agents");
        }
        client.get("/api/v1/no-such-route");
        JsonNode s = client.get("/api/v1/optimization/summary").json();
        assertThat(s.get("at").asText()).isNotBlank();
        JsonNode agents = route(s, "GET", "/api/v1/agents");
        assertThat(agents.at("/windows/1m/requests").asLong()).isGreaterThanOrEqualTo(3);
        for (String w : List.of("1m", "5m", "15m")) {
            JsonNode window = agents.at("/windows/" + w);
            assertThat(window.get("p50Ms").isNumber()).as(w).isTrue();
            assertThat(window.get("p95Ms").isNumber()).as(w).isTrue();
            assertThat(window.get("p99Ms").isNumber()).as(w).isTrue();
            assertThat(window.get("perSecond").isNumber()).as(w).isTrue();
            assertThat(window.get("serverErrors").asLong()).as(w).isZero();
            assertThat(window.get("errorRate").asDouble()).as(w).isZero();
        }
        assertThat(route(s, "*", "UNMATCHED").at("/windows/1m/clientErrors").asLong())
                .isGreaterThanOrEqualTo(1);
        assertThat(s.at("/cache/status").asText()).isEqualTo("active");
        JsonNode cachedAgents = null;
        for (JsonNode r : s.at("/cache/routes")) {
            if (r.get("route").asText().equals("/api/v1/agents")) {
                cachedAgents = r;
            }
        }
        assertThat(cachedAgents).as("the agents route in the cache figures").isNotNull();
        assertThat(cachedAgents.get("ttlSeconds").asDouble())
                .as("its configured TTL")
                .isEqualTo(300.0);
        assertThat(s.at("/jvm/heapMaxBytes").asLong()).isPositive();
        assertThat(s.at("/jvm/gc/5m/pauses").isNumber()).isTrue();
        assertThat(s.at("/pool/database").asText()).isEqualTo("sqlite");
        assertThat(s.at("/pool/max").asInt()).isPositive();
        assertThat(s.at("/pool/windows/5m/acquisitions").asLong()).isPositive();
        assertThat(s.at("/gateway/deployments").isArray()).isTrue();
        assertThat(s.at("/events/realtimeMaxPending").asInt()).isEqualTo(1000);
        assertThat(s.at("/events/busDropped/15m").isObject()).isTrue();
        assertThat(s.get("slowQueries").isArray()).isTrue();
        assertThat(s.get("slowQueries").size()).isPositive();
        JsonNode query = s.get("slowQueries").get(0);
        assertThat(query.get("sql").asText()).isNotBlank();
        assertThat(query.get("count").asLong()).isPositive();
        assertThat(s.toString()).doesNotContain(server.adminKey());
    }

    @Test
    void recommendationsAreAListWithTheTimeOfTheFigures() {
        JsonNode r = client.get("/api/v1/optimization/recommendations").json();
        assertThat(r.get("at").asText()).isNotBlank();
        assertThat(r.get("recommendations").isArray()).isTrue();
        for (JsonNode advice : r.get("recommendations")) {
            assertThat(advice.get("id").asText()).isNotBlank();
            assertThat(advice.get("severity").asText()).isIn("info", "warning", "critical");
            assertThat(advice.get("message").asText()).isNotBlank();
            assertThat(advice.get("evidence").isObject()).isTrue();
        }
    }

    @Test
    void healthMergesComponentHealthWithACountOfTheAdvice() {
        JsonNode h = client.get("/api/v1/optimization/health").json();
        assertThat(h.get("status").asText()).isEqualTo("UP");
        assertThat(h.get("checkedAt").asText()).isNotBlank();
        assertThat(h.at("/components/storage/status").asText()).isEqualTo("UP");
        assertThat(h.at("/components/migrations/status").asText()).isEqualTo("UP");
        assertThat(h.at("/components/agents/status").asText()).isEqualTo("UP");
        assertThat(h.at("/components/gateway/status").asText()).isEqualTo("UP");
        assertThat(h.at("/recommendations/critical").isNumber()).isTrue();
        assertThat(h.at("/recommendations/warning").isNumber()).isTrue();
        assertThat(h.at("/recommendations/info").isNumber()).isTrue();
    }

    private static JsonNode route(JsonNode summary, String method, String template) {
        for (JsonNode r : summary.get("routes")) {
            if (r.get("method").asText().equals(method)
                    && r.get("route").asText().equals(template)) {
                return r;
            }
        }
        throw new AssertionError(method + " " + template + " not in the summary: " + summary.get("routes"));
    }
}
