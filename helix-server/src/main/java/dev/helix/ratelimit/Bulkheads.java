package dev.helix.ratelimit;

import dev.helix.config.HelixConfig;
import dev.helix.config.RouteClass;
import dev.helix.http.Problem;
import dev.helix.http.ProblemException;
import dev.helix.http.RouteInterceptor;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A bulkhead per route class: at most {@code concurrency} requests of the class run at once on this node; more wait
 * in line, first come first served, for at most {@code queueWait}, then get 503 with {@code Retry-After} — so a flood
 * of one kind of request (say, slow LLM calls) cannot take every thread, connection and byte of memory from the
 * others. Health probes and the real-time streams (held open for hours) are not counted.
 */
final class Bulkheads implements RouteInterceptor {
    /** Counter: requests refused with 503 because their class's bulkhead was full. */
    public static final String REJECTIONS = "helix.bulkhead.rejections";
    /** Gauge: requests running inside their class's bulkhead. */
    public static final String IN_FLIGHT = "helix.bulkhead.in.flight";
    /** Gauge: requests waiting for a place in their class's bulkhead. */
    public static final String WAITING = "helix.bulkhead.waiting";

    private static final String RETRY_AFTER = "1";

    /** One class's bulkhead: a fair semaphore, so waiting requests get places in the order they came. */
    private record Bulkhead(
            RouteClass routeClass, int concurrency, Duration queueWait, Semaphore places, Counter rejections) {
        int inFlight() {
            return concurrency - places.availablePermits();
        }
    }

    private final Map<RouteClass, Bulkhead> bulkheads = new EnumMap<>(RouteClass.class);

    Bulkheads(HelixConfig.Limits limits, MeterRegistry registry) {
        for (RouteClass c : RouteClass.values()) {
            HelixConfig.Limits.PerClass settings = limits.forClass(c);
            if (settings.concurrency() > 0) {
                Bulkhead b = new Bulkhead(
                        c,
                        settings.concurrency(),
                        settings.queueWait(),
                        new Semaphore(settings.concurrency(), true),
                        Counter.builder(REJECTIONS)
                                .description("Requests refused with 503 because their route class's bulkhead was full")
                                .tag("class", c.id())
                                .register(registry));
                Gauge.builder(IN_FLIGHT, b, Bulkhead::inFlight)
                        .description("Requests running inside their route class's bulkhead")
                        .tag("class", c.id())
                        .register(registry);
                Gauge.builder(WAITING, b.places(), Semaphore::getQueueLength)
                        .description("Requests waiting for a place in their route class's bulkhead")
                        .tag("class", c.id())
                        .register(registry);
                bulkheads.put(c, b);
            }
        }
    }

    @Override
    public void intercept(ServerRequest req, ServerResponse res, Route route, Next next) throws Exception {
        Bulkhead bulkhead = route.traits().longLived()
                ? null
                : route.traits().routeClass().map(bulkheads::get).orElse(null);
        if (bulkhead == null) {
            next.proceed(req, res);
            return;
        }
        if (!enter(bulkhead)) {
            bulkhead.rejections().increment();
            throw full(bulkhead);
        }
        try {
            next.proceed(req, res);
        } finally {
            bulkhead.places().release();
        }
    }

    private static boolean enter(Bulkhead bulkhead) {
        try {
            return bulkhead.places().tryAcquire(bulkhead.queueWait().toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static ProblemException full(Bulkhead b) {
        String id = b.routeClass().id();
        String detail = "this node is already serving " + b.concurrency() + " " + id + " requests at once (limits."
                + id + "Concurrency) and none finished within " + b.queueWait().toMillis() + " ms (limits." + id
                + "QueueWait); retry shortly";
        return new ProblemException(
                Problem.of(503, "overloaded", "Overloaded", detail)
                        .with("policy", id)
                        .with("concurrency", b.concurrency()),
                Map.of("Retry-After", RETRY_AFTER));
    }
}
