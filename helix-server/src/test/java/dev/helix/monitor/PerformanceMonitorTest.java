package dev.helix.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.internal.Json;
import dev.helix.monitor.advice.Figures;
import dev.helix.monitor.advice.Recommendation;
import dev.helix.testing.TestClock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The monitor over a real Prometheus registry holding meters named as their owners name them. */
class PerformanceMonitorTest {
    private final TestClock clock = new TestClock("2026-11-26T10:00:10Z");
    private final Metrics metrics = new Metrics();
    private final MeterRegistry registry = metrics.registry();
    private final AtomicInteger active = new AtomicInteger(3);
    private final PerformanceMonitor monitor = new PerformanceMonitor(
                    clock, registry, null, new PerformanceMonitor.Settings("postgresql", 10, 1000))
            .cacheTtls(route -> route.equals("agents") ? Optional.of(Duration.ofSeconds(5)) : Optional.empty());

    @AfterEach
    void close() {
        metrics.close();
    }

    private void count(String name, long n, String... tags) {
        Counter.builder(name).tags(tags).register(registry).increment(n);
    }

    @Test
    void poolFiguresComeFromHikariMetersWithTheSlowWaitBoundaryAdded() {
        Timer acquire = Timer.builder("hikaricp.connections.acquire")
                .tag("pool", "helix")
                .register(registry);
        for (int i = 0; i < 60; i++) {
            acquire.record(Duration.ofMillis(2));
        }
        for (int i = 0; i < 40; i++) {
            acquire.record(Duration.ofMillis(25));
        }
        Gauge.builder("hikaricp.connections.max", () -> 10).tag("pool", "helix").register(registry);
        Gauge.builder("hikaricp.connections.active", active, AtomicInteger::get)
                .tag("pool", "helix")
                .register(registry);
        count("hikaricp.connections.timeout", 2, "pool", "helix");

        Figures.Pool pool = monitor.figures().pool();
        assertThat(pool.max()).isEqualTo(10);
        assertThat(pool.active()).isEqualTo(3);
        assertThat(pool.database()).isEqualTo("postgresql");
        Figures.PoolWindow w = pool.windows().last5Minutes();
        assertThat(w.acquisitions()).isEqualTo(100);
        assertThat(w.slowAcquisitions()).isEqualTo(40);
        assertThat(w.slowShare()).isEqualTo(0.4);
        assertThat(w.meanWaitMs()).isEqualTo(11.2);
        assertThat(w.timeouts()).isEqualTo(2);
        assertThat(monitor.recommendations()).extracting(Recommendation::id).contains("db-pool-wait");
    }

    @Test
    void gatewayDeploymentsCountProviderFailuresAgainstSuccesses() {
        String[] ok = {"model", "fast", "deployment", "openai/gpt-4o-mini", "status", "200"};
        count("helix_gateway_requests", 75, ok);
        count("helix_gateway_requests", 5, "model", "fast", "deployment", "openai/gpt-4o-mini", "status", "400");
        count("helix_gateway_requests", 3, "model", "fast", "deployment", "none", "status", "502");
        count("helix_gateway_upstream_failures", 20, "deployment", "openai/gpt-4o-mini", "reason", "timeout");
        count("helix_gateway_upstream_failures", 5, "deployment", "openai/gpt-4o-mini", "reason", "400");

        Figures.Deployment d = monitor.figures().gateway().deployments().getFirst();
        assertThat(monitor.figures().gateway().deployments()).hasSize(1);
        assertThat(d.deployment()).isEqualTo("openai/gpt-4o-mini");
        assertThat(d.provider()).isEqualTo("openai");
        Figures.DeploymentWindow w = d.windows().last5Minutes();
        assertThat(w.succeeded()).isEqualTo(75);
        assertThat(w.failed()).isEqualTo(20);
        assertThat(w.failures()).isEqualTo(Map.of("timeout", 20L, "400", 5L));
        assertThat(w.errorRate()).isEqualTo(0.2105);
        assertThat(monitor.recommendations())
                .extracting(Recommendation::id)
                .contains("gateway-errors:openai/gpt-4o-mini");
    }

    @Test
    void cacheFiguresAreReadWhenTheCacheMetersExist() {
        assertThat(monitor.figures().cache().status()).isEqualTo("no cache");
        count("helix_cache_requests", 12, "route", "agents", "result", "hit");
        count("helix_cache_requests", 88, "route", "agents", "result", "miss");
        count("helix.cache.requests", 9, "route", "state", "result", "hit");
        count("helix.cache.requests", 1, "route", "state", "result", "stale");
        Timer.builder("helix_cache_load")
                .tag("route", "agents")
                .register(registry)
                .record(Duration.ofMillis(4));

        Figures.Cache cache = monitor.figures().cache();
        assertThat(cache.status()).isEqualTo("active");
        assertThat(cache.routes()).extracting(Figures.CacheRoute::route).containsExactly("agents", "state");
        Figures.CacheRoute agents = cache.routes().getFirst();
        assertThat(agents.ttlSeconds()).isEqualTo(5.0);
        assertThat(agents.windows().last5Minutes().hitRate()).isEqualTo(0.12);
        assertThat(agents.windows().last5Minutes().meanLoadMs()).isEqualTo(4.0);
        assertThat(cache.routes().get(1).windows().lastMinute().hitRate()).isEqualTo(1.0);
        Recommendation advice = monitor.recommendations().stream()
                .filter(r -> r.id().equals("cache-hit-rate:agents"))
                .findFirst()
                .orElseThrow();
        assertThat(advice.configKey()).isEqualTo("caching.routes");
        assertThat(advice.suggestedValue()).isEqualTo("agents ttl=10s");
    }

    @Test
    void busDropsAndSlowRealtimeClientsAreCountedPerWindow() {
        count("helix.bus.dropped", 4, "subscriber", "realtime");
        count("helix.bus.dropped", 0, "subscriber", "command-cache");
        count("helix.realtime.disconnects", 6, "reason", "too_slow");
        Figures.Events events = monitor.figures().events();
        assertThat(events.busDropped().last15Minutes()).isEqualTo(Map.of("realtime", 4L));
        assertThat(events.realtimeSlowDisconnects().last15Minutes()).isEqualTo(6);
        assertThat(events.realtimeMaxPending()).isEqualTo(1000);
        for (int i = 0; i < 8; i++) {
            clock.advance(PerformanceMonitor.SAMPLE_EVERY);
            monitor.sample();
        }
        assertThat(monitor.figures().events().busDropped().lastMinute()).isEmpty();
    }

    @Test
    void jvmFiguresComeFromTheBoundJvmMeters() {
        Figures.Jvm jvm = monitor.figures().jvm();
        assertThat(jvm.heapMaxBytes()).isEqualTo(Runtime.getRuntime().maxMemory());
        assertThat(jvm.heapUsedBytes()).isPositive();
        assertThat(jvm.cpus()).isPositive();
        assertThat(jvm.gc().last5Minutes().pauseShare()).isBetween(0.0, 1.0);
    }

    @Test
    void routesRecordedAppearWithTheirWindows() {
        monitor.routes().served("GET", "/status", 200, 3_000_000);
        JsonNode json = Json.mapper().valueToTree(monitor.figures());
        assertThat(json.at("/routes/0/route").asText()).isEqualTo("/status");
        assertThat(json.at("/routes/0/windows/1m/requests").asLong()).isEqualTo(1);
        assertThat(json.at("/routes/0/windows/15m/p99Ms").asDouble()).isBetween(2.8, 3.2);
        assertThat(json.at("/cache/status").asText()).isEqualTo("no cache");
        assertThat(json.has("jvm")).isTrue();
        assertThat(json.has("gateway")).isTrue();
        assertThat(json.has("events")).isTrue();
        assertThat(json.get("slowQueries").isArray()).isTrue();
    }
}
