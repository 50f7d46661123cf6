package dev.helix.monitor;

import dev.helix.health.HealthChecks;
import dev.helix.http.HttpFeature;
import dev.helix.http.Responses;
import dev.helix.http.RouteTraits;
import dev.helix.http.Routes;
import dev.helix.monitor.advice.Figures;
import dev.helix.monitor.advice.Recommendation;
import dev.helix.monitor.advice.Severity;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The performance monitor's API (admin only): {@code /api/v1/optimization/summary} (the
 * figures), {@code /recommendations} (advice with its evidence and the setting to change) and {@code /health}
 * (component health with a count of the advice). Also has the monitor told about every request.
 */
public final class OptimizationApi implements HttpFeature {
    /** Where the performance monitor's routes live. */
    public static final String BASE = "/api/v1/optimization";

    private final PerformanceMonitor monitor;
    private final HealthChecks health;

    public OptimizationApi(PerformanceMonitor monitor, HealthChecks health) {
        this.monitor = monitor;
        this.health = health;
    }

    @Override
    public void register(Routes routes) {
        routes.observe(monitor.routes())
                .get(BASE + "/summary", RouteTraits.ADMIN, this::summary)
                .get(BASE + "/recommendations", RouteTraits.ADMIN, this::recommendations)
                .get(BASE + "/health", RouteTraits.ADMIN, this::health);
    }

    private void summary(ServerRequest req, ServerResponse res) {
        Responses.ok(res, monitor.figures());
    }

    private void recommendations(ServerRequest req, ServerResponse res) {
        Figures figures = monitor.figures();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("at", figures.at());
        body.put("recommendations", monitor.advise(figures));
        Responses.ok(res, body);
    }

    private void health(ServerRequest req, ServerResponse res) {
        HealthChecks.Snapshot s = health.current();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", s.status());
        body.put("checkedAt", Instant.ofEpochMilli(s.takenAt()));
        body.put("components", s.components());
        body.put("recommendations", counts(monitor.recommendations()));
        Responses.ok(res, body);
    }

    private static Map<String, Long> counts(List<Recommendation> advice) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Severity severity : List.of(Severity.CRITICAL, Severity.WARNING, Severity.INFO)) {
            counts.put(
                    severity.json(),
                    advice.stream().filter(r -> r.severity() == severity).count());
        }
        return counts;
    }
}
