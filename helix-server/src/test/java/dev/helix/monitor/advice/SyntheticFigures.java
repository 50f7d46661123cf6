package dev.helix.monitor.advice;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Hand-made {@link Figures} for rule tests: a quiet node, with the part under test replaced. */
final class SyntheticFigures {
    static final long MIB = 1024 * 1024;

    private SyntheticFigures() {}

    static <T> Figures.Windowed<T> same(T value) {
        return new Figures.Windowed<>(value, value, value);
    }

    /** A node with no traffic, a 256 MiB heap a quarter used, and an idle PostgreSQL pool of 10. */
    static Figures quiet() {
        return new Figures(
                Instant.parse("2026-11-26T10:00:00Z"),
                List.of(),
                new Figures.Cache(Figures.Cache.NONE, List.of()),
                jvm(null, 0, 0),
                pool("postgresql", 10, 10, 0, 0, 0),
                new Figures.Gateway(0, 0, List.of()),
                events(Map.of(), 0, 1000),
                List.of());
    }

    static Figures withRoutes(Figures f, Figures.Route... routes) {
        return new Figures(
                f.at(), List.of(routes), f.cache(), f.jvm(), f.pool(), f.gateway(), f.events(), f.slowQueries());
    }

    static Figures withCache(Figures f, Figures.CacheRoute... routes) {
        return new Figures(
                f.at(),
                f.routes(),
                new Figures.Cache(Figures.Cache.ACTIVE, List.of(routes)),
                f.jvm(),
                f.pool(),
                f.gateway(),
                f.events(),
                f.slowQueries());
    }

    static Figures withJvm(Figures f, Figures.Jvm jvm) {
        return new Figures(f.at(), f.routes(), f.cache(), jvm, f.pool(), f.gateway(), f.events(), f.slowQueries());
    }

    static Figures withPool(Figures f, Figures.Pool pool) {
        return new Figures(f.at(), f.routes(), f.cache(), f.jvm(), pool, f.gateway(), f.events(), f.slowQueries());
    }

    static Figures withDeployments(Figures f, Figures.Deployment... deployments) {
        return new Figures(
                f.at(),
                f.routes(),
                f.cache(),
                f.jvm(),
                f.pool(),
                new Figures.Gateway(0, 0, List.of(deployments)),
                f.events(),
                f.slowQueries());
    }

    /** {@code f} with {@code peak} gateway calls in flight at most, {@code now} of them now. */
    static Figures withCallsInFlight(Figures f, int now, int peak) {
        return new Figures(
                f.at(),
                f.routes(),
                f.cache(),
                f.jvm(),
                f.pool(),
                new Figures.Gateway(now, peak, f.gateway().deployments()),
                f.events(),
                f.slowQueries());
    }

    static Figures withEvents(Figures f, Figures.Events events) {
        return new Figures(f.at(), f.routes(), f.cache(), f.jvm(), f.pool(), f.gateway(), events, f.slowQueries());
    }

    static Figures withQueries(Figures f, Figures.Query... queries) {
        return new Figures(f.at(), f.routes(), f.cache(), f.jvm(), f.pool(), f.gateway(), f.events(), List.of(queries));
    }

    /** A route with the same figures over every window. */
    static Figures.Route route(String method, String template, long requests, double p99Ms, long serverErrors) {
        Double errorRate = requests == 0 ? null : (double) serverErrors / requests;
        return new Figures.Route(
                method,
                template,
                same(new Figures.RouteWindow(
                        300, requests, requests / 300.0, p99Ms / 10, p99Ms / 2, p99Ms, 0, serverErrors, errorRate)));
    }

    static Figures.CacheRoute cacheRoute(String name, Double ttlSeconds, long hits, long misses) {
        long lookups = hits + misses;
        return new Figures.CacheRoute(
                name,
                ttlSeconds,
                same(new Figures.CacheWindow(hits, misses, 0, lookups == 0 ? null : (double) hits / lookups, 3.0)));
    }

    /** A 256 MiB heap with {@code afterGc} in use after collection and {@code pauses} pauses taking {@code share}. */
    static Figures.Jvm jvm(Double afterGc, long pauses, double share) {
        return new Figures.Jvm(
                64 * MIB, 256 * MIB, afterGc, 0.2, 0.3, 2, same(new Figures.GcWindow(300, pauses, share * 300, share)));
    }

    static Figures.Pool pool(String database, int configured, int max, long acquisitions, long slow, long timeouts) {
        return new Figures.Pool(
                database,
                configured,
                max,
                1,
                max - 1,
                0,
                same(new Figures.PoolWindow(
                        acquisitions,
                        acquisitions == 0 ? null : 4.0,
                        slow,
                        acquisitions == 0 ? null : (double) slow / acquisitions,
                        timeouts)));
    }

    static Figures.Deployment deployment(String id, long succeeded, Map<String, Long> failures, long providerFailed) {
        long calls = succeeded + providerFailed;
        return new Figures.Deployment(
                id,
                id.substring(0, id.indexOf('/')),
                same(new Figures.DeploymentWindow(
                        succeeded, providerFailed, calls == 0 ? null : (double) providerFailed / calls, failures)));
    }

    static Figures.Events events(Map<String, Long> busDropped, long slowDisconnects, int maxPending) {
        return new Figures.Events(same(busDropped), same(slowDisconnects), 12, maxPending);
    }
}
