package dev.helix.cache;

import dev.helix.access.Principal;
import dev.helix.config.HelixConfig;
import dev.helix.http.RouteTraits;
import dev.helix.http.Routes;
import dev.helix.http.StoredResponse;
import io.helidon.common.uri.UriQuery;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Optional;

/**
 * A way into the response cache's hit path, without the network, for the benchmarks (helix-bench reaches it through
 * helix-server's test jar): the key of a request to one route, storing a response under a key, and the lookup with
 * its tag and freshness checks, as a request that hits the cache runs them.
 */
public final class CacheHitFixture {
    private final ResponseCache cache;
    private final CachePolicy policy;

    /** The hit path of {@code cache} for the route {@code template}, which must have a caching policy. */
    public CacheHitFixture(ResponseCache cache, String template) {
        this.cache = cache;
        this.policy =
                cache.policy(template).orElseThrow(() -> new IllegalArgumentException(template + " is not cached"));
    }

    /** The hit path of a cache whose one route, GET {@code template}, declares {@code policy}. */
    public static CacheHitFixture of(String template, HelixConfig.Caching.Policy policy) {
        ResponseCache cache = new ResponseCache(HelixConfig.defaults().caching(), "fixture", new SimpleMeterRegistry());
        cache.register(new Routes().get(template, RouteTraits.AUTHENTICATED.cached(policy), (req, res) -> {}));
        return new CacheHitFixture(cache, template);
    }

    /** The cache key of a request for {@code path} with {@code query} by {@code caller}. */
    public String key(String path, UriQuery query, Optional<Principal> caller) {
        return policy.key(path, query, caller);
    }

    /** Stores {@code response} under {@code key}, as a miss that loaded it would. */
    public void put(String key, StoredResponse response) {
        cache.put(policy, key, response);
    }

    /** The response stored under {@code key} if its tags are current and it is fresh now; else null (a miss). */
    public StoredResponse hit(String key) {
        Entry e = cache.current(key);
        return e != null && e.fresh(System.nanoTime()) ? e.response : null;
    }
}
