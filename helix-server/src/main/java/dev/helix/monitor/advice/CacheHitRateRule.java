package dev.helix.monitor.advice;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A cached route whose hit rate over the last 5 minutes is below {@link #HIT_RATE_LIMIT}: its entries expire before
 * they are asked for again, so its time to live should be longer (the suggestion doubles it when it is known).
 * Names the route with the most misses and lists the others.
 */
public final class CacheHitRateRule implements Rule {
    /** The hit rate below which a cached route is not earning its keep. */
    public static final double HIT_RATE_LIMIT = 0.20;
    /** Fewer lookups than this in 5 minutes are too few to judge. */
    public static final long MIN_LOOKUPS = 100;
    /** The suggested TTL is the current one times this. */
    public static final int TTL_FACTOR = 2;

    @Override
    public Optional<Recommendation> evaluate(Figures figures) {
        if (figures.cache() == null || figures.cache().routes().isEmpty()) {
            return Optional.empty();
        }
        List<Figures.CacheRoute> low = figures.cache().routes().stream()
                .filter(r -> r.windows().last5Minutes().lookups() >= MIN_LOOKUPS)
                .filter(r -> Objects.requireNonNull(r.windows().last5Minutes().hitRate()) < HIT_RATE_LIMIT)
                .sorted(Comparator.comparingLong((Figures.CacheRoute r) ->
                                r.windows().last5Minutes().misses())
                        .reversed())
                .toList();
        if (low.isEmpty()) {
            return Optional.empty();
        }
        Figures.CacheRoute worst = low.getFirst();
        Figures.CacheWindow w = worst.windows().last5Minutes();
        String key = SettingNames.CACHE_ROUTES;
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("route", worst.route());
        evidence.put("window", "5m");
        evidence.put("lookups", w.lookups());
        evidence.put("hits", w.hits() + w.stale());
        evidence.put("hitRate", w.hitRate());
        if (worst.ttlSeconds() != null) {
            evidence.put("ttlSeconds", worst.ttlSeconds());
        }
        evidence.put("limit", HIT_RATE_LIMIT);
        if (low.size() > 1) {
            evidence.put(
                    "alsoLow",
                    low.subList(1, low.size()).stream()
                            .map(Figures.CacheRoute::route)
                            .toList());
        }
        String ttl = worst.ttlSeconds() == null ? "its current TTL" : "TTL " + Format.seconds(worst.ttlSeconds());
        String message = "route " + worst.route() + " hit rate " + Format.percent(Objects.requireNonNull(w.hitRate()))
                + " with " + ttl
                + " over the last 5 minutes (" + Format.count(w.lookups()) + " lookups): entries expire before they "
                + "are asked for again; raise the route's ttl in " + key + ".";
        String suggested = worst.ttlSeconds() == null
                ? null
                : worst.route() + " ttl=" + Format.duration(worst.ttlSeconds() * TTL_FACTOR);
        return Optional.of(new Recommendation(
                "cache-hit-rate:" + worst.route(), Severity.INFO, message, evidence, key, suggested));
    }
}
