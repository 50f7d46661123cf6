package dev.helix.monitor;

import dev.helix.bus.InProcessEventBus;
import dev.helix.cache.ResponseCache;
import dev.helix.gateway.GatewayMetrics;
import dev.helix.monitor.advice.Advisor;
import dev.helix.monitor.advice.Figures;
import dev.helix.monitor.advice.Recommendation;
import dev.helix.realtime.RealtimeHub;
import dev.helix.storage.Database;
import dev.helix.storage.QueryTimings;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The performance monitor: per-route latency recorded on every request ({@link RouteRecorder}), windowed figures
 * read from the meters the rest of Helix keeps, the slowest database statements, and the rules that turn them into
 * advice. {@link #sample()} must run every {@link #SAMPLE_EVERY}.
 */
public final class PerformanceMonitor {
    private static final Logger LOG = LoggerFactory.getLogger(PerformanceMonitor.class);
    /** How often {@link #sample()} should run. */
    public static final Duration SAMPLE_EVERY = MeterWindows.SAMPLE_EVERY;
    /** How many statements the summary lists. */
    public static final int TOP_QUERIES = 10;

    /** The counters and timers read over windows, by their Micrometer names. */
    static final Set<String> WINDOWED_METERS = Set.of(
            Metrics.GC_PAUSE,
            Database.POOL_ACQUIRE,
            Database.POOL_TIMEOUT,
            GatewayMetrics.REQUESTS,
            GatewayMetrics.UPSTREAM_FAILURES,
            ResponseCache.REQUESTS,
            ResponseCache.LOAD,
            InProcessEventBus.DROPPED,
            RealtimeHub.DISCONNECTS);

    /**
     * The settings the figures are judged against.
     *
     * @param database           {@code sqlite} or {@code postgresql}
     * @param poolSize           {@code storage.poolSize}
     * @param realtimeMaxPending {@code realtime.maxPending}
     */
    public record Settings(String database, int poolSize, int realtimeMaxPending) {}

    private final Clock clock;
    private final RouteRecorder routes;
    private final MeterWindows windows;
    private final MeterFigures meters;
    private final @Nullable QueryTimings queries;
    private final Advisor advisor;
    private volatile Function<String, Optional<Duration>> cacheTtl = route -> Optional.empty();

    /** {@code queries} may be null (no database statements listed). */
    public PerformanceMonitor(Clock clock, MeterRegistry registry, QueryTimings queries, Settings settings) {
        this(clock, registry, queries, settings, Advisor.standard());
    }

    PerformanceMonitor(Clock clock, MeterRegistry registry, QueryTimings queries, Settings settings, Advisor advisor) {
        this.clock = clock;
        this.routes = new RouteRecorder(clock);
        this.windows = new MeterWindows(registry, clock, WINDOWED_METERS, Figures.Pool.SLOW_WAIT);
        this.meters = new MeterFigures(registry, settings);
        this.queries = queries;
        this.advisor = advisor;
    }

    /** Tells the monitor each cached route's time to live, by the cache's name for the route. */
    public PerformanceMonitor cacheTtls(Function<String, Optional<Duration>> ttl) {
        this.cacheTtl = ttl;
        return this;
    }

    /** The per-route recorder, to be told about every request. */
    public RouteRecorder routes() {
        return routes;
    }

    /** Keeps the current values of the windowed meters; run every {@link #SAMPLE_EVERY}. Never throws. */
    public void sample() {
        try {
            windows.sample();
        } catch (RuntimeException e) {
            LOG.warn("could not sample the meters for the performance monitor: {}", e.toString());
        }
    }

    /** The figures now. */
    public Figures figures() {
        List<MeterWindows.Delta> deltas =
                List.of(windows.delta(1), windows.delta(5), windows.delta(RouteRecorder.MAX_WINDOW_MINUTES));
        return new Figures(
                clock.instant(),
                routes.figures(),
                meters.cache(deltas, cacheTtl),
                meters.jvm(deltas),
                meters.pool(deltas),
                meters.gateway(deltas),
                meters.events(deltas),
                slowQueries());
    }

    /** The advice the figures call for now, most severe first. */
    public List<Recommendation> recommendations() {
        return advise(figures());
    }

    /** The advice {@code figures} call for, most severe first. */
    public List<Recommendation> advise(Figures figures) {
        return advisor.advise(figures);
    }

    private List<Figures.Query> slowQueries() {
        if (queries == null) {
            return List.of();
        }
        return queries.slowest(TOP_QUERIES).stream()
                .map(s -> new Figures.Query(
                        s.sql(),
                        s.count(),
                        s.errors(),
                        MeterFigures.round(s.totalNanos() / 1e6),
                        MeterFigures.round(s.totalNanos() / 1e6 / Math.max(1, s.count())),
                        MeterFigures.round(s.maxNanos() / 1e6)))
                .toList();
    }
}
