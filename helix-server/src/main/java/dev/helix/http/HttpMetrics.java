package dev.helix.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code http_server_requests_seconds} by method, route template and status; meters are looked up once. Each series
 * has the same eight buckets from 5 ms to 5 s (and +Inf), at the round latency objectives (100 ms, 250 ms, 500 ms,
 * 1 s) and a fast 5 ms: enough for objectives and heat maps, unlike
 * Micrometer's percentile histogram, whose ~70 buckets per series made {@code /metrics} grow with every route. No
 * label repeats what another says (the status class is {@code status=~"5.."}): every label is on every line.
 */
final class HttpMetrics {
    /** Timer: requests by method, route template and status (Micrometer's usual name). */
    public static final String REQUESTS = "http.server.requests";

    /** The histogram's upper bounds. */
    static final Duration[] BUCKETS = {
        Duration.ofMillis(5),
        Duration.ofMillis(25),
        Duration.ofMillis(50),
        Duration.ofMillis(100),
        Duration.ofMillis(250),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofSeconds(5)
    };

    private record Key(String method, String route, int status) {}

    private final MeterRegistry registry;
    private final ConcurrentHashMap<Key, Timer> timers = new ConcurrentHashMap<>();

    HttpMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void record(String method, String route, int status, long nanos) {
        timers.computeIfAbsent(new Key(method, route, status), this::timer).record(nanos, TimeUnit.NANOSECONDS);
    }

    private Timer timer(Key key) {
        return Timer.builder(REQUESTS)
                .description("HTTP requests served, by method, route template and status")
                .tag("method", key.method())
                .tag("route", key.route())
                .tag("status", Integer.toString(key.status()))
                .serviceLevelObjectives(BUCKETS)
                .register(registry);
    }
}
