package dev.helix.gateway;

import dev.helix.gateway.provider.Usage;
import dev.helix.gateway.routing.Router;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The gateway's Prometheus metrics: requests by model, deployment and status; the time Helix adds (overhead) and
 * the time upstream took as separate histograms; time to first token; tokens in and out; cost; retries and
 * upstream failures; breaker state per deployment; cache hits and misses. Each histogram has a dozen fixed buckets
 * spanning what its time is expected to be (sub-millisecond to a second for the overhead, up to minutes upstream).
 */
final class GatewayMetrics {
    /** Upper bounds of {@code helix_gateway_overhead_seconds}: 100 µs to 1 s. */
    static final Duration[] OVERHEAD_BUCKETS = {
        Duration.ofNanos(100_000),
        Duration.ofNanos(250_000),
        Duration.ofNanos(500_000),
        Duration.ofMillis(1),
        Duration.ofNanos(2_500_000),
        Duration.ofMillis(5),
        Duration.ofMillis(10),
        Duration.ofMillis(25),
        Duration.ofMillis(50),
        Duration.ofMillis(100),
        Duration.ofMillis(250),
        Duration.ofSeconds(1)
    };
    /** Upper bounds of {@code helix_gateway_upstream_seconds}: 100 ms to 5 minutes. */
    static final Duration[] UPSTREAM_BUCKETS = {
        Duration.ofMillis(100),
        Duration.ofMillis(250),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofMillis(2500),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        Duration.ofSeconds(20),
        Duration.ofSeconds(30),
        Duration.ofSeconds(60),
        Duration.ofMinutes(2),
        Duration.ofMinutes(5)
    };
    /** Upper bounds of {@code helix_gateway_ttft_seconds}: 100 ms to 2 minutes. */
    static final Duration[] TTFT_BUCKETS = {
        Duration.ofMillis(100),
        Duration.ofMillis(250),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofSeconds(2),
        Duration.ofSeconds(3),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        Duration.ofSeconds(20),
        Duration.ofSeconds(30),
        Duration.ofSeconds(60),
        Duration.ofMinutes(2)
    };

    private final MeterRegistry registry;
    private final Set<String> breakerGauges = ConcurrentHashMap.newKeySet();
    private final Timer.Builder overhead;
    private final Counter cacheHits;
    private final Counter cacheMisses;

    GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.overhead = Timer.builder("helix_gateway_overhead")
                .description("Time Helix added to a gateway request, upstream time excluded")
                .serviceLevelObjectives(OVERHEAD_BUCKETS);
        this.cacheHits = Counter.builder("helix_gateway_cache")
                .tag("result", "hit")
                .description("Gateway requests answered from the exact-match cache, or not")
                .register(registry);
        this.cacheMisses = Counter.builder("helix_gateway_cache")
                .tag("result", "miss")
                .description("Gateway requests answered from the exact-match cache, or not")
                .register(registry);
    }

    void request(String model, String deployment, int status) {
        Counter.builder("helix_gateway_requests")
                .description("Gateway requests by model, deployment and status")
                .tag("model", model)
                .tag("deployment", deployment)
                .tag("status", Integer.toString(status))
                .register(registry)
                .increment();
    }

    void overhead(String kind, long nanos) {
        overhead.tag("kind", kind)
                .register(registry)
                .record(Math.max(0, nanos), java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    void upstream(String deployment, long nanos) {
        Timer.builder("helix_gateway_upstream")
                .description("Time the upstream call took")
                .tag("deployment", deployment)
                .serviceLevelObjectives(UPSTREAM_BUCKETS)
                .register(registry)
                .record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    void timeToFirstToken(String deployment, long nanos) {
        Timer.builder("helix_gateway_ttft")
                .description("Time from request to the first streamed chunk")
                .tag("deployment", deployment)
                .serviceLevelObjectives(TTFT_BUCKETS)
                .register(registry)
                .record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    void usage(String model, String deployment, Usage usage, double costUsd) {
        tokens(model, deployment, "in", usage.promptTokens());
        tokens(model, deployment, "out", usage.completionTokens());
        tokens(model, deployment, "cached", usage.cachedTokens());
        DistributionSummary.builder("helix_gateway_cost_usd")
                .description("Cost of gateway requests in USD")
                .tag("model", model)
                .tag("deployment", deployment)
                .register(registry)
                .record(costUsd);
    }

    private void tokens(String model, String deployment, String direction, long count) {
        if (count > 0) {
            Counter.builder("helix_gateway_tokens")
                    .description("Tokens by direction")
                    .tag("model", model)
                    .tag("deployment", deployment)
                    .tag("direction", direction)
                    .register(registry)
                    .increment((double) count);
        }
    }

    void retry(String deployment) {
        Counter.builder("helix_gateway_retries")
                .description("Upstream calls beyond the first for one request")
                .tag("deployment", deployment)
                .register(registry)
                .increment();
    }

    void upstreamFailure(String deployment, String reason) {
        Counter.builder("helix_gateway_upstream_failures")
                .description("Failed upstream calls by reason")
                .tag("deployment", deployment)
                .tag("reason", reason)
                .register(registry)
                .increment();
    }

    void cache(boolean hit) {
        (hit ? cacheHits : cacheMisses).increment();
    }

    /** Publishes the breaker state of every deployment the router knows (0 closed, 1 half-open, 2 open). */
    void watchBreakers(Router router, Iterable<String> deployments) {
        for (String id : deployments) {
            if (breakerGauges.add(id)) {
                Gauge.builder("helix_gateway_breaker_state", router, r -> {
                            var state = r.states().get(id);
                            if (state == null) {
                                return 0;
                            }
                            CircuitBreaker.State s = state.breakerState();
                            return s == CircuitBreaker.State.OPEN ? 2 : s == CircuitBreaker.State.HALF_OPEN ? 1 : 0;
                        })
                        .description("Circuit breaker per deployment: 0 closed, 1 half-open, 2 open")
                        .tag("deployment", id)
                        .register(registry);
            }
        }
    }
}
