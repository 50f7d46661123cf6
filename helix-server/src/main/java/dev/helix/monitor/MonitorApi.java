package dev.helix.monitor;

import dev.helix.config.HelixConfig.Caching;
import dev.helix.health.HealthChecks;
import dev.helix.http.HttpFeature;
import dev.helix.http.Problem;
import dev.helix.http.ProblemException;
import dev.helix.http.Responses;
import dev.helix.http.RouteTraits;
import dev.helix.http.Routes;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * {@code /health/live}, {@code /health/ready}, {@code /status} and {@code /metrics}: open to anyone (the metrics
 * unless {@code auth.publicMetrics} is off), the health probes never rate limited.
 */
public final class MonitorApi implements HttpFeature {
    /** Liveness probe. */
    public static final String LIVE = "/health/live";
    /** Readiness probe. */
    public static final String READY = "/health/ready";
    /** The node's status. */
    public static final String STATUS = "/status";
    /** Prometheus metrics. */
    public static final String METRICS = "/metrics";
    /**
     * How {@link #STATUS} is cached: fresh for a second and served two more while one request refreshes it, the same
     * for everyone, under the tag {@code status} (which state and agent changes invalidate).
     */
    public static final Caching.Policy STATUS_CACHING = Caching.Policy.builder(Duration.ofSeconds(1))
            .stale(Duration.ofSeconds(2))
            .scope(Caching.Scope.SHARED)
            .tags("status")
            .build();

    private static final byte[] UP = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final HealthChecks health;
    private final PrometheusMeterRegistry registry;
    private final StatusReport status;
    private final boolean publicMetrics;

    /** {@code publicMetrics}: whether {@code /metrics} is open to anyone ({@code auth.publicMetrics}). */
    public MonitorApi(StatusReport status, PrometheusMeterRegistry registry, boolean publicMetrics) {
        this.health = status.health();
        this.registry = registry;
        this.status = status;
        this.publicMetrics = publicMetrics;
    }

    @Override
    public void register(Routes routes) {
        RouteTraits probe = RouteTraits.PUBLIC.neverLimited();
        routes.get(LIVE, probe, (req, res) -> {
                    res.header(HeaderNames.CONTENT_TYPE, "application/json");
                    res.send(UP);
                })
                .get(READY, probe, this::ready)
                .get(STATUS, RouteTraits.PUBLIC.cached(STATUS_CACHING), this::status)
                .get(METRICS, publicMetrics ? RouteTraits.PUBLIC : RouteTraits.ADMIN, this::metrics);
    }

    private void ready(ServerRequest req, ServerResponse res) {
        HealthChecks.Snapshot s = health.current();
        if (s.up()) {
            Responses.ok(res, Map.of("status", s.status(), "checks", s.components()));
            return;
        }
        String failing = String.join(
                ", ",
                s.components().entrySet().stream()
                        .filter(e -> !e.getValue().up())
                        .map(e -> e.getKey() + " (" + e.getValue().detail() + ")")
                        .toList());
        throw new ProblemException(
                Problem.of(503, "not-ready", "Not ready", "not ready: " + failing)
                        .with("checks", s.components()),
                Map.of("Retry-After", "1"));
    }

    private void status(ServerRequest req, ServerResponse res) {
        Responses.ok(res, status.current());
    }

    private void metrics(ServerRequest req, ServerResponse res) {
        res.header(HeaderNames.CONTENT_TYPE, PROMETHEUS_TEXT);
        res.send(registry.scrape().getBytes(StandardCharsets.UTF_8));
    }
}
