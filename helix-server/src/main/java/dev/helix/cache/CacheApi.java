package dev.helix.cache;

import dev.helix.http.HttpFeature;
import dev.helix.http.ProblemException;
import dev.helix.http.Responses;
import dev.helix.http.RouteTraits;
import dev.helix.http.Routes;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * {@code GET /api/v1/cache/stats} (any key): hits, misses, hit rate, load time, evictions and size, for the cache and
 * per route; {@code DELETE /api/v1/cache?tag=…} (admin): invalidates tags on every node.
 */
final class CacheApi implements HttpFeature {
    private static final Pattern TAG = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final int MAX_TAGS = 32;

    /** The cache's figures. */
    static final String STATS = "/api/v1/cache/stats";
    /** Invalidating tags ({@code DELETE ?tag=…}, admin only). */
    static final String TAGS = "/api/v1/cache";

    private final ResponseCache cache;

    CacheApi(ResponseCache cache) {
        this.cache = cache;
    }

    @Override
    public void register(Routes routes) {
        routes.get(STATS, this::stats).delete(TAGS, RouteTraits.ADMIN.notWriting(), this::invalidate);
    }

    private void invalidate(ServerRequest req, ServerResponse res) {
        List<String> asked = req.query().contains("tag") ? req.query().all("tag") : List.of();
        if (asked.isEmpty() || asked.size() > MAX_TAGS) {
            throw ProblemException.badRequest("name 1 to " + MAX_TAGS + " tags to invalidate, e.g. "
                    + "DELETE /api/v1/cache?tag=state&tag=status; tags: " + String.join(", ", cache.tagNames()));
        }
        for (String tag : asked) {
            if (!TAG.matcher(tag).matches()) {
                String shown = tag.length() > 40 ? tag.substring(0, 40) + "…" : tag;
                throw ProblemException.badRequest("'" + shown + "' is not a tag: 1 to 64 of a-z 0-9 . _ -");
            }
        }
        for (String tag : asked) {
            if (!cache.tagNames().contains(tag)) {
                throw ProblemException.badRequest(
                        "unknown tag '" + tag + "'; tags: " + String.join(", ", cache.tagNames()));
            }
        }
        cache.invalidate(asked);
        Responses.ok(res, Map.of("invalidated", asked));
    }

    private void stats(ServerRequest req, ServerResponse res) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("enabled", cache.config().enabled());
        Map<CachePolicy, long[]> sizes = sizes();
        Map<String, Object> caches = new LinkedHashMap<>();
        caches.put("memory", memory());
        caches.put("redis", redis());
        body.put("caches", caches);
        List<Map<String, Object>> routes = new ArrayList<>();
        for (CachePolicy p : cache.policies()) {
            routes.add(route(p, sizes.getOrDefault(p, new long[2])));
        }
        body.put("routes", routes);
        Map<String, Object> invalidations = new LinkedHashMap<>();
        cache.invalidationCounters().forEach((source, c) -> invalidations.put(source, (long) c.count()));
        body.put("invalidations", invalidations);
        Responses.ok(res, body);
    }

    /** Entries and bytes per route, counted now (the stats route is rare; the cache is bounded). */
    private Map<CachePolicy, long[]> sizes() {
        Map<CachePolicy, long[]> out = new HashMap<>();
        cache.memory().asMap().forEach((key, e) -> {
            long[] s = out.computeIfAbsent(e.policy, p -> new long[2]);
            s[0]++;
            s[1] += e.weight(key);
        });
        return out;
    }

    private Map<String, Object> memory() {
        long hits = 0;
        long misses = 0;
        long stale = 0;
        long loads = 0;
        double loadSeconds = 0;
        for (CachePolicy p : cache.policies()) {
            hits += (long) p.hits.count();
            misses += (long) p.misses.count();
            stale += (long) p.stale.count();
            loads += p.loads.count();
            loadSeconds += p.loads.totalTime(TimeUnit.SECONDS);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("entries", cache.memory().estimatedSize());
        m.put("bytes", cache.weightedSize());
        m.put("maxBytes", cache.config().maxSize());
        counts(m, hits, misses, stale);
        m.put("evictions", cache.evictions());
        m.put("loads", loads);
        m.put("loadTimeMs", loads == 0 ? 0.0 : round(loadSeconds * 1000 / loads));
        return m;
    }

    private Map<String, Object> redis() {
        RedisTier tier = cache.shared();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("enabled", tier != null);
        if (tier == null) {
            return m;
        }
        m.put("status", tier.usable() ? "UP" : "DEGRADED");
        if (tier.problem() != null) {
            m.put("detail", tier.problem());
        }
        long hits = tier.count("hit");
        long misses = tier.count("miss");
        m.put("hits", hits);
        m.put("misses", misses);
        m.put("hitRate", rate(hits, hits + misses));
        m.put("errors", tier.count("error"));
        m.put("skipped", tier.count("skipped"));
        m.put("writes", tier.count("write"));
        return m;
    }

    private static Map<String, Object> route(CachePolicy p, long[] size) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("route", p.route.template());
        m.put("ttl", duration(p.route.policy().ttl()));
        m.put("staleWhileRevalidate", duration(p.route.policy().stale()));
        m.put("scope", p.scope.name().toLowerCase(Locale.ROOT));
        m.put("tags", p.route.policy().tags());
        counts(m, (long) p.hits.count(), (long) p.misses.count(), (long) p.stale.count());
        m.put("bypassed", p.bypassed.sum());
        m.put("evictions", p.evictions.sum());
        m.put("loads", p.loads.count());
        m.put("loadTimeMs", p.loads.count() == 0 ? 0.0 : round(p.loads.mean(TimeUnit.MILLISECONDS)));
        m.put("maxLoadTimeMs", round(p.loads.max(TimeUnit.MILLISECONDS)));
        m.put("entries", size[0]);
        m.put("bytes", size[1]);
        return m;
    }

    private static void counts(Map<String, Object> m, long hits, long misses, long stale) {
        m.put("hits", hits);
        m.put("misses", misses);
        m.put("stale", stale);
        m.put("hitRate", rate(hits + stale, hits + stale + misses));
    }

    private static double rate(long part, long whole) {
        return whole == 0 ? 0.0 : round((double) part / whole);
    }

    private static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }

    private static String duration(java.time.Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0 && ms > 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0 && ms > 0) {
            return ms / 60_000 + "m";
        }
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }
}
