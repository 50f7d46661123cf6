package dev.helix.gateway;

import dev.helix.gateway.config.Tier;
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
public final class GatewayMetrics {
    /** Timer: the time Helix added to a request, by {@code kind}. */
    public static final String OVERHEAD = "helix.gateway.overhead";
    /** Counter: requests answered from the exact-match cache or not, by {@code result}. */
    public static final String CACHE = "helix.gateway.cache";
    /** Counter: requests by {@code model}, {@code deployment} and {@code status}. */
    public static final String REQUESTS = "helix.gateway.requests";
    /** Timer: upstream call time by {@code deployment}. */
    public static final String UPSTREAM = "helix.gateway.upstream";
    /** Timer: time to the first streamed chunk by {@code deployment}. */
    public static final String TTFT = "helix.gateway.ttft";
    /** Summary: cost in USD by {@code model} and {@code deployment}. */
    public static final String COST = "helix.gateway.cost.usd";
    /** Counter: tokens by {@code model}, {@code deployment} and {@code direction}. */
    public static final String TOKENS = "helix.gateway.tokens";
    /** Counter: upstream calls beyond the first for one request, by {@code deployment}. */
    public static final String RETRIES = "helix.gateway.retries";
    /** Counter: failed upstream calls by {@code deployment} and {@code reason}. */
    public static final String UPSTREAM_FAILURES = "helix.gateway.upstream.failures";
    /** Counter: requests a router sent to a model, by {@code router} and {@code tier}. */
    public static final String ROUTED = "helix.gateway.routed";
    /** Gauge: circuit breaker state by {@code deployment}. */
    public static final String BREAKER_STATE = "helix.gateway.breaker.state";
    /** Gauge: requests being answered now ({@link InFlightCalls}). */
    public static final String CALLS_IN_FLIGHT = "helix.gateway.calls.in.flight";
    /** Gauge: most requests in flight at once lately ({@link InFlightCalls}). */
    public static final String CALLS_IN_FLIGHT_PEAK = "helix.gateway.calls.in.flight.peak";

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
        this.overhead = Timer.builder(OVERHEAD)
                .description("Time Helix added to a gateway request, upstream time excluded")
                .serviceLevelObjectives(OVERHEAD_BUCKETS);
        this.cacheHits = Counter.builder(CACHE)
                .tag("result", "hit")
                .description("Gateway requests answered from the exact-match cache, or not")
                .register(registry);
        this.cacheMisses = Counter.builder(CACHE)
                .tag("result", "miss")
                .description("Gateway requests answered from the exact-match cache, or not")
                .register(registry);
    }

    void request(String model, String deployment, int status) {
        Counter.builder(REQUESTS)
                .description("Gateway requests by model, deployment and status")
                .tag("model", model)
                .tag("deployment", deployment)
                .tag("status", Integer.toString(status))
                .register(registry)
                .increment();
    }

    void routed(String router, Tier tier) {
        Counter.builder(ROUTED)
                .description("Requests a router sent to the model of a tier, by router and tier")
                .tag("router", router)
                .tag("tier", tier.id())
                .register(registry)
                .increment();
    }

    void overhead(String kind, long nanos) {
        overhead.tag("kind", kind)
                .register(registry)
                .record(Math.max(0, nanos), java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    void upstream(String deployment, long nanos) {
        Timer.builder(UPSTREAM)
                .description("Time the upstream call took")
                .tag("deployment", deployment)
                .serviceLevelObjectives(UPSTREAM_BUCKETS)
                .register(registry)
                .record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    void timeToFirstToken(String deployment, long nanos) {
        Timer.builder(TTFT)
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
        DistributionSummary.builder(COST)
                .description("Cost of gateway requests in USD")
                .tag("model", model)
                .tag("deployment", deployment)
                .register(registry)
                .record(costUsd);
    }

    private void tokens(String model, String deployment, String direction, long count) {
        if (count > 0) {
            Counter.builder(TOKENS)
                    .description("Tokens by direction")
                    .tag("model", model)
                    .tag("deployment", deployment)
                    .tag("direction", direction)
                    .register(registry)
                    .increment((double) count);
        }
    }

    void retry(String deployment) {
        Counter.builder(RETRIES)
                .description("Upstream calls beyond the first for one request")
                .tag("deployment", deployment)
                .register(registry)
                .increment();
    }

    void upstreamFailure(String deployment, String reason) {
        Counter.builder(UPSTREAM_FAILURES)
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
                Gauge.builder(BREAKER_STATE, router, r -> {
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
