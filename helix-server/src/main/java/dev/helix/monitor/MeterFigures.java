package dev.helix.monitor;

import dev.helix.bus.InProcessEventBus;
import dev.helix.cache.ResponseCache;
import dev.helix.gateway.GatewayMetrics;
import dev.helix.monitor.advice.Figures;
import dev.helix.realtime.RealtimeHub;
import dev.helix.storage.Database;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Turns the meters in the registry into {@link Figures}: gauges read as they are now, counters and timers as their
 * growth over the three windows ({@link MeterWindows.Delta}s of 1, 5 and 15 minutes, in that order). Meters that do
 * not exist (no cache in this build, no gateway calls yet) give empty figures.
 */
final class MeterFigures {
    /** Upstream answers that are the provider's fault even though they are 4xx. */
    private static final Set<String> PROVIDER_4XX = Set.of("401", "403", "404", "408", "429");

    private final MeterRegistry registry;
    private final PerformanceMonitor.Settings settings;

    MeterFigures(MeterRegistry registry, PerformanceMonitor.Settings settings) {
        this.registry = registry;
        this.settings = settings;
    }

    private static <T> Figures.Windowed<T> windowed(
            List<MeterWindows.Delta> deltas, Function<MeterWindows.Delta, T> figure) {
        return new Figures.Windowed<>(
                figure.apply(deltas.get(0)), figure.apply(deltas.get(1)), figure.apply(deltas.get(2)));
    }

    Figures.Jvm jvm(List<MeterWindows.Delta> deltas) {
        long used = (long) sum(registry.find(Metrics.MEMORY_USED).tag("area", "heap"));
        long max = (long) sum(registry.find(Metrics.MEMORY_MAX).tag("area", "heap"));
        Double cpus = gauge(PrometheusNames.PROCESSORS);
        int cpuCount = cpus == null ? Runtime.getRuntime().availableProcessors() : cpus.intValue();
        return new Figures.Jvm(
                used,
                max,
                heapAfterGc(max),
                ratio(gauge(Metrics.PROCESS_CPU)),
                ratio(gauge(Metrics.SYSTEM_CPU)),
                cpuCount,
                windowed(deltas, this::gc));
    }

    private Figures.GcWindow gc(MeterWindows.Delta d) {
        long pauses = 0;
        double seconds = 0;
        for (MeterWindows.Reading r : d.named(Metrics.GC_PAUSE).values()) {
            pauses += (long) r.count();
            seconds += r.totalSeconds();
        }
        return new Figures.GcWindow(round(d.seconds()), pauses, round(seconds), round4(seconds / d.seconds()));
    }

    /**
     * The share of the heap in use after the last full collection: Micrometer's live-data gauges when a full
     * collection has happened, otherwise the heap pools' usage after their last collection; null before any.
     */
    private @Nullable Double heapAfterGc(long heapMax) {
        Double live = gauge(Metrics.GC_LIVE_DATA);
        Double maxData = gauge(Metrics.GC_MAX_DATA);
        if (live != null && maxData != null && live > 0 && maxData > 0) {
            return round4(live / maxData);
        }
        long afterGc = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage u = pool.getType() == MemoryType.HEAP ? pool.getCollectionUsage() : null;
            afterGc += u == null ? 0 : u.getUsed();
        }
        return afterGc <= 0 || heapMax <= 0 ? null : round4((double) afterGc / heapMax);
    }

    /** The pool, or null when the registry has no HikariCP meters. */
    Figures.@Nullable Pool pool(List<MeterWindows.Delta> deltas) {
        Double max = gauge(Database.POOL_MAX);
        if (max == null) {
            return null;
        }
        return new Figures.Pool(
                settings.database(),
                settings.poolSize(),
                max.intValue(),
                (int) sum(registry.find(Database.POOL_ACTIVE)),
                (int) sum(registry.find(Database.POOL_IDLE)),
                (int) sum(registry.find(Database.POOL_PENDING)),
                windowed(deltas, MeterFigures::poolWindow));
    }

    private static Figures.PoolWindow poolWindow(MeterWindows.Delta d) {
        double count = 0;
        double seconds = 0;
        double slow = 0;
        for (MeterWindows.Reading r : d.named(Database.POOL_ACQUIRE).values()) {
            count += r.count();
            seconds += r.totalSeconds();
            slow += r.overSlo();
        }
        double timeouts = d.named(Database.POOL_TIMEOUT).values().stream()
                .mapToDouble(MeterWindows.Reading::count)
                .sum();
        return new Figures.PoolWindow(
                (long) count,
                count == 0 ? null : round(seconds * 1000 / count),
                (long) slow,
                count == 0 ? null : round4(slow / count),
                (long) timeouts);
    }

    Figures.Gateway gateway(List<MeterWindows.Delta> deltas) {
        Set<String> names = new TreeSet<>();
        for (String meter : List.of(GatewayMetrics.REQUESTS, GatewayMetrics.UPSTREAM_FAILURES)) {
            deltas.get(2).named(meter).keySet().forEach(id -> names.add(tag(id, "deployment")));
        }
        names.remove("none");
        names.remove("");
        Double now = gauge(GatewayMetrics.CALLS_IN_FLIGHT);
        Double peak = gauge(GatewayMetrics.CALLS_IN_FLIGHT_PEAK);
        List<Figures.Deployment> deployments = names.stream()
                .map(name -> new Figures.Deployment(name, provider(name), windowed(deltas, d -> deployment(d, name))))
                .toList();
        return new Figures.Gateway(now == null ? 0 : now.intValue(), peak == null ? 0 : peak.intValue(), deployments);
    }

    private static Figures.DeploymentWindow deployment(MeterWindows.Delta d, String name) {
        long succeeded = 0;
        for (Map.Entry<Meter.Id, MeterWindows.Reading> e :
                d.named(GatewayMetrics.REQUESTS).entrySet()) {
            if (name.equals(tag(e.getKey(), "deployment")) && status(e.getKey()) < 400) {
                succeeded += (long) e.getValue().count();
            }
        }
        long failed = 0;
        Map<String, Long> reasons = new TreeMap<>();
        for (Map.Entry<Meter.Id, MeterWindows.Reading> e :
                d.named(GatewayMetrics.UPSTREAM_FAILURES).entrySet()) {
            long n = (long) e.getValue().count();
            String reason = tag(e.getKey(), "reason");
            if (name.equals(tag(e.getKey(), "deployment")) && n > 0) {
                reasons.merge(reason, n, Long::sum);
                failed += providerFault(reason) ? n : 0;
            }
        }
        long calls = succeeded + failed;
        return new Figures.DeploymentWindow(
                succeeded, failed, calls == 0 ? null : round4((double) failed / calls), reasons);
    }

    /** Whether an upstream failure reason ({@code timeout}, {@code 503}, {@code 400}) is the provider's doing. */
    static boolean providerFault(String reason) {
        return !(reason.length() == 3 && reason.startsWith("4") && !PROVIDER_4XX.contains(reason));
    }

    private static int status(Meter.Id id) {
        try {
            return Integer.parseInt(tag(id, "status"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String provider(String deployment) {
        int slash = deployment.indexOf('/');
        return slash < 0 ? deployment : deployment.substring(0, slash);
    }

    Figures.Cache cache(List<MeterWindows.Delta> deltas, Function<String, Optional<Duration>> ttl) {
        Set<String> routes = new TreeSet<>();
        deltas.get(2).named(ResponseCache.REQUESTS).keySet().forEach(id -> routes.add(tag(id, "route")));
        if (routes.isEmpty()) {
            return new Figures.Cache(Figures.Cache.NONE, List.of());
        }
        return new Figures.Cache(
                Figures.Cache.ACTIVE,
                routes.stream()
                        .map(route -> new Figures.CacheRoute(
                                route,
                                ttl.apply(route).map(t -> t.toMillis() / 1000.0).orElse(null),
                                windowed(deltas, d -> cacheWindow(d, route))))
                        .toList());
    }

    private static Figures.CacheWindow cacheWindow(MeterWindows.Delta d, String route) {
        Map<String, Long> results = new TreeMap<>();
        d.named(ResponseCache.REQUESTS).forEach((id, r) -> {
            if (route.equals(tag(id, "route"))) {
                results.merge(tag(id, "result"), (long) r.count(), Long::sum);
            }
        });
        double loads = 0;
        double seconds = 0;
        for (Map.Entry<Meter.Id, MeterWindows.Reading> e :
                d.named(ResponseCache.LOAD).entrySet()) {
            if (route.equals(tag(e.getKey(), "route"))) {
                loads += e.getValue().count();
                seconds += e.getValue().totalSeconds();
            }
        }
        long hits = results.getOrDefault("hit", 0L);
        long misses = results.getOrDefault("miss", 0L);
        long stale = results.getOrDefault("stale", 0L);
        long lookups = hits + misses + stale;
        return new Figures.CacheWindow(
                hits,
                misses,
                stale,
                lookups == 0 ? null : round4((double) (hits + stale) / lookups),
                loads == 0 ? null : round(seconds * 1000 / loads));
    }

    Figures.Events events(List<MeterWindows.Delta> deltas) {
        Double connections = gauge(RealtimeHub.CONNECTIONS);
        return new Figures.Events(
                windowed(deltas, MeterFigures::busDropped),
                windowed(deltas, d -> (long) d.named(RealtimeHub.DISCONNECTS).entrySet().stream()
                        .filter(e -> "too_slow".equals(tag(e.getKey(), "reason")))
                        .mapToDouble(e -> e.getValue().count())
                        .sum()),
                connections == null ? 0 : connections.intValue(),
                settings.realtimeMaxPending());
    }

    private static Map<String, Long> busDropped(MeterWindows.Delta d) {
        Map<String, Long> out = new TreeMap<>();
        d.named(InProcessEventBus.DROPPED).forEach((id, r) -> {
            if (r.count() > 0) {
                out.merge(tag(id, "subscriber"), (long) r.count(), Long::sum);
            }
        });
        return out;
    }

    private static String tag(Meter.Id id, String key) {
        String v = id.getTag(key);
        return v == null ? "" : v;
    }

    /** The value of the gauge named {@code name} (summed if several), or null if there is none or it is unknown. */
    private @Nullable Double gauge(String name) {
        List<Gauge> gauges = List.copyOf(registry.find(name).gauges());
        if (gauges.isEmpty()) {
            return null;
        }
        double v = gauges.stream().mapToDouble(Gauge::value).sum();
        return Double.isNaN(v) || v < 0 ? null : v;
    }

    /** The sum of the non-negative values of the gauges found (a pool without a limit says -1). */
    private static double sum(Search search) {
        return search.gauges().stream()
                .mapToDouble(Gauge::value)
                .filter(v -> v >= 0 && !Double.isNaN(v))
                .sum();
    }

    private static @Nullable Double ratio(@Nullable Double v) {
        return v == null ? null : round4(v);
    }

    static double round(double v) {
        return Math.round(v * 1_000.0) / 1_000.0;
    }

    static double round4(double v) {
        return Math.round(v * 10_000.0) / 10_000.0;
    }
}
