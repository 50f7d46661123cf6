package dev.helix.monitor.advice;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The performance figures of this node at one moment: what {@code GET /api/v1/optimization/summary} shows and what
 * the recommendation rules judge. Plain data; rules are tested by building it by hand. Ratios are between 0 and 1;
 * a figure that cannot be known (no traffic, no garbage collection yet) is null.
 *
 * @param at          when the figures were taken
 * @param routes      per HTTP route and method that served requests in the last 15 minutes
 * @param cache       the response cache
 * @param jvm         heap, garbage collection and CPU
 * @param pool        the database connection pool
 * @param gateway     the LLM gateway's deployments
 * @param events      the event bus and real-time push
 * @param slowQueries the database statements that took the most time since start, slowest first
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Figures(
        Instant at,
        List<Route> routes,
        Cache cache,
        Jvm jvm,
        @Nullable Pool pool,
        Gateway gateway,
        Events events,
        List<Query> slowQueries) {

    /** Figures over the last 1, 5 and 15 minutes. */
    public record Windowed<T>(
            @JsonProperty("1m") T lastMinute,
            @JsonProperty("5m") T last5Minutes,
            @JsonProperty("15m") T last15Minutes) {}

    /** One route template and method, e.g. {@code GET /api/v1/agents/{id}}. */
    public record Route(String method, String route, Windowed<RouteWindow> windows) {
        /** {@code GET /api/v1/agents/{id}}. */
        public String name() {
            return method + " " + route;
        }
    }

    /**
     * A route over one window.
     *
     * @param seconds       the time the window covers: its length plus the current minute so far (less just
     *                      after start)
     * @param requests      requests answered
     * @param perSecond     requests per second over {@code seconds}
     * @param p50Ms         median latency in milliseconds (null without requests)
     * @param p95Ms         95th percentile
     * @param p99Ms         99th percentile
     * @param clientErrors  4xx answers
     * @param serverErrors  5xx answers
     * @param errorRate     5xx answers / requests (null without requests)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RouteWindow(
            double seconds,
            long requests,
            double perSecond,
            @Nullable Double p50Ms,
            @Nullable Double p95Ms,
            @Nullable Double p99Ms,
            long clientErrors,
            long serverErrors,
            @Nullable Double errorRate) {}

    /**
     * The response cache.
     *
     * @param status {@code active}, or {@code no cache} when this build or configuration has none
     * @param routes per cached route
     */
    public record Cache(String status, List<CacheRoute> routes) {
        public static final String ACTIVE = "active";
        public static final String NONE = "no cache";
    }

    /**
     * One cached route.
     *
     * @param route      the cache's name for it (as in {@code cache.routes.<name>.ttl})
     * @param ttlSeconds its time to live, when known
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CacheRoute(String route, @Nullable Double ttlSeconds, Windowed<CacheWindow> windows) {}

    /**
     * A cached route over one window.
     *
     * @param hitRate    (hits + stale) / lookups, null without lookups
     * @param meanLoadMs mean time to load a missing entry, null without loads
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CacheWindow(
            long hits,
            long misses,
            long stale,
            @Nullable Double hitRate,
            @Nullable Double meanLoadMs) {
        public long lookups() {
            return hits + misses + stale;
        }
    }

    /**
     * The JVM.
     *
     * @param heapUsedBytes    heap in use now
     * @param heapMaxBytes     the heap limit
     * @param heapAfterGc      heap still in use after the last full collection / the heap it may use, null before one
     * @param processCpu       this process's share of all CPUs recently, null if unknown
     * @param systemCpu        the machine's CPU use recently, null if unknown
     * @param cpus             CPUs available
     * @param gc               collection pauses
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Jvm(
            long heapUsedBytes,
            long heapMaxBytes,
            @Nullable Double heapAfterGc,
            @Nullable Double processCpu,
            @Nullable Double systemCpu,
            int cpus,
            Windowed<GcWindow> gc) {}

    /**
     * Collection pauses over one window.
     *
     * @param seconds      the time the window covers
     * @param pauses       how many
     * @param pauseSeconds their total length
     * @param pauseShare   {@code pauseSeconds / seconds}
     */
    public record GcWindow(double seconds, long pauses, double pauseSeconds, double pauseShare) {}

    /**
     * The database connection pool.
     *
     * @param database       {@code sqlite} or {@code postgresql}
     * @param configuredSize {@code storage.poolSize}
     * @param max            connections the pool may hold (SQLite caps it at 4)
     * @param active         in use now
     * @param idle           open and free now
     * @param pending        threads waiting for one now
     */
    public record Pool(
            String database,
            int configuredSize,
            int max,
            int active,
            int idle,
            int pending,
            Windowed<PoolWindow> windows) {
        /** A database connection that took longer than this to get counts as a slow acquisition. */
        public static final Duration SLOW_WAIT = Duration.ofMillis(10);
    }

    /**
     * Connection acquisitions over one window.
     *
     * @param acquisitions     connections handed out
     * @param meanWaitMs       mean wait for one, null without acquisitions
     * @param slowAcquisitions acquisitions that waited more than {@link Pool#SLOW_WAIT}
     * @param slowShare        {@code slowAcquisitions / acquisitions}, null without acquisitions
     * @param timeouts         requests for a connection that gave up ({@code storage.busyTimeout})
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PoolWindow(
            long acquisitions,
            @Nullable Double meanWaitMs,
            long slowAcquisitions,
            @Nullable Double slowShare,
            long timeouts) {}

    /**
     * The LLM gateway.
     *
     * @param callsInFlight     requests being answered now
     * @param peakCallsInFlight the most requests in flight at once over the last 15 minutes
     * @param deployments       every deployment that has been called
     */
    public record Gateway(int callsInFlight, int peakCallsInFlight, List<Deployment> deployments) {}

    /** One deployment ({@code provider/model}). */
    public record Deployment(String deployment, String provider, Windowed<DeploymentWindow> windows) {}

    /**
     * A deployment over one window.
     *
     * @param succeeded requests it answered
     * @param failed    upstream calls to it that failed for reasons of the provider (connection, timeout, 429,
     *                  5xx, 401/403/404, a broken answer); a request's own 4xx is not counted
     * @param errorRate {@code failed / (succeeded + failed)}, null without calls
     * @param failures  failed calls by reason, all reasons
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DeploymentWindow(
            long succeeded, long failed, @Nullable Double errorRate, Map<String, Long> failures) {
        public long calls() {
            return succeeded + failed;
        }
    }

    /**
     * The event bus and real-time push.
     *
     * @param busDropped              events dropped per bus subscriber that fell behind (only those that dropped)
     * @param realtimeSlowDisconnects real-time clients closed because they fell {@code realtime.maxPending} behind
     * @param realtimeConnections     live real-time connections
     * @param realtimeMaxPending      {@code realtime.maxPending}
     */
    public record Events(
            Windowed<Map<String, Long>> busDropped,
            Windowed<Long> realtimeSlowDisconnects,
            int realtimeConnections,
            int realtimeMaxPending) {}

    /**
     * One database statement, by its text with every value replaced by {@code ?}.
     *
     * @param sql     the normalised text
     * @param count   executions since start
     * @param errors  executions that failed
     * @param totalMs time spent in it
     * @param meanMs  {@code totalMs / count}
     * @param maxMs   the slowest execution
     */
    public record Query(String sql, long count, long errors, double totalMs, double meanMs, double maxMs) {}
}
