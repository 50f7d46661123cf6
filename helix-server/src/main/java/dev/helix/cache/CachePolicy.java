package dev.helix.cache;

import dev.helix.access.Principal;
import dev.helix.config.HelixConfig;
import dev.helix.config.HelixConfig.Caching.Scope;
import dev.helix.http.Access;
import io.helidon.common.uri.UriQuery;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.ServerRequest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * One cacheable route, ready to use: how its cache key is made from a request, how long a response stays fresh,
 * the tags that invalidate it, the {@code Cache-Control} clients get, and its counters.
 *
 * <p>Keys are bounded: a path, query or key longer than the limits here is not cached at all (the request is
 * served from the source, counted as bypassed), so hostile query strings cannot fill memory with keys.
 */
final class CachePolicy {
    static final int MAX_PATH = 1024;
    static final int MAX_QUERY = 1024;
    static final int MAX_KEY = 2048;
    static final int MAX_PARAMS = 32;

    final HelixConfig.Caching.Route route;
    final Scope scope;
    final int index;
    final long ttlNanos;
    final long staleNanos;
    final int[] tagIds;
    final Counter hits;
    final Counter misses;
    final Counter stale;
    final Timer loads;
    final LongAdder bypassed = new LongAdder();
    final LongAdder evictions = new LongAdder();
    private final boolean allQuery;
    private final String[] query;
    private final Header publicControl;
    private final Header privateControl;

    CachePolicy(HelixConfig.Caching.Route route, int index, Tags tags, MeterRegistry registry) {
        this.route = route;
        this.index = index;
        HelixConfig.Caching.Policy policy = route.policy();
        this.scope = policy.scope();
        this.ttlNanos = policy.ttl().toNanos();
        this.staleNanos = policy.stale().toNanos();
        this.tagIds = tags.ids(policy.tags());
        this.allQuery = policy.query().contains("*");
        this.query = policy.query().stream().filter(q -> !q.equals("*")).toArray(String[]::new);
        long maxAge = policy.maxAge().toSeconds();
        boolean shared = scope == Scope.SHARED;
        this.publicControl = HeaderValues.createCached(
                HeaderNames.CACHE_CONTROL,
                maxAge > 0
                        ? (shared ? "public" : "private") + ", max-age=" + maxAge
                        : shared ? "no-cache" : "private, no-cache");
        this.privateControl = HeaderValues.createCached(
                HeaderNames.CACHE_CONTROL, maxAge > 0 ? "private, max-age=" + maxAge : "private, no-cache");
        this.hits = requests(registry, "hit");
        this.misses = requests(registry, "miss");
        this.stale = requests(registry, "stale");
        this.loads = Timer.builder(ResponseCache.LOAD)
                .description("Time to produce a response on a cache miss")
                .tag("route", route.template())
                .register(registry);
    }

    private Counter requests(MeterRegistry registry, String result) {
        return Counter.builder(ResponseCache.REQUESTS)
                .description("Requests to cacheable routes, by result")
                .tag("route", route.template())
                .tag("result", result)
                .register(registry);
    }

    /** The {@code Cache-Control} for a response of this route: shared caches may keep only public routes'. */
    Header cacheControl(Access access) {
        return access == Access.PUBLIC ? publicControl : privateControl;
    }

    /** The cache key of {@code req}, or null when it must not be cached (too long, too many parameters). */
    @Nullable
    String key(ServerRequest req) {
        return key(
                req.path().path(),
                req.query(),
                scope == Scope.SHARED ? Optional.empty() : req.context().get(Principal.class));
    }

    /** The cache key of a request for {@code path} with {@code params} by {@code caller}, or null (see above). */
    @Nullable
    String key(String path, UriQuery params, Optional<Principal> caller) {
        String rawQuery = params.rawValue();
        if (path.length() > MAX_PATH || (rawQuery != null && rawQuery.length() > MAX_QUERY)) {
            return null;
        }
        StringBuilder sb =
                new StringBuilder(path.length() + 48).append(index).append(' ').append(path);
        switch (scope) {
            case SHARED -> {}
            case ROLE -> sb.append(" r:").append(caller.map(p -> p.role().id()).orElse("-"));
            case PRINCIPAL ->
                sb.append(" p:").append(caller.map(Principal::keyId).orElse("-"));
        }
        if ((allQuery || query.length > 0) && !appendQuery(params, sb)) {
            return null;
        }
        return sb.length() > MAX_KEY ? null : sb.toString();
    }

    private boolean appendQuery(UriQuery params, StringBuilder sb) {
        int count = 0;
        for (String name : allQuery ? new TreeSet<>(params.names()).toArray(String[]::new) : query) {
            if (params.contains(name)) {
                for (String value : params.all(name)) {
                    if (++count > MAX_PARAMS) {
                        return false;
                    }
                    sb.append('\n')
                            .append(name.length())
                            .append(':')
                            .append(name)
                            .append('=')
                            .append(value.length())
                            .append(':')
                            .append(value);
                }
            }
        }
        return true;
    }
}
