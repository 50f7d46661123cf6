package dev.helix.cache;

import dev.helix.config.HelixConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the response cache caches, fixed once the routes are registered: a policy per cacheable GET template (in
 * registration order), the tags those policies and the invalidation rules name, and which tags each event type
 * invalidates. Until then the cache holds {@link #NONE}.
 */
final class CachedRoutes {
    /** Nothing cacheable yet: the routes have not been registered. */
    static final CachedRoutes NONE = new CachedRoutes();

    final Map<String, CachePolicy> policies;
    final Tags tags;
    final EventTags events;

    private CachedRoutes() {
        this.policies = Map.of();
        this.tags = new Tags(List.of());
        this.events = new EventTags(Map.of(), tags);
    }

    CachedRoutes(
            List<HelixConfig.Caching.Route> routes, Map<String, List<String>> invalidations, MeterRegistry registry) {
        Set<String> tagNames = new LinkedHashSet<>();
        routes.forEach(r -> tagNames.addAll(r.policy().tags()));
        invalidations.values().forEach(tagNames::addAll);
        this.tags = new Tags(tagNames);
        Map<String, CachePolicy> byTemplate = new LinkedHashMap<>();
        for (HelixConfig.Caching.Route route : routes) {
            byTemplate.put(route.template(), new CachePolicy(route, byTemplate.size(), tags, registry));
        }
        this.policies = Collections.unmodifiableMap(byTemplate);
        this.events = new EventTags(invalidations, tags);
    }

    /** The routes and their policies, in registration order. */
    List<HelixConfig.Caching.Route> routes() {
        return policies.values().stream().map(p -> p.route).toList();
    }

    /** The policy of GET {@code template}, if it is cacheable. */
    Optional<CachePolicy> policy(String template) {
        return Optional.ofNullable(policies.get(template));
    }
}
