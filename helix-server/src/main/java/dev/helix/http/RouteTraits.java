package dev.helix.http;

import dev.helix.config.HelixConfig;
import dev.helix.config.RouteClass;
import java.util.Optional;

/**
 * What a route is besides its handler, declared by the feature that registers it: who may call it, the route class
 * whose rate limit and bulkhead it counts against (none for health probes, which must always answer), whether it is
 * a long-lived stream (held open for hours, so no bulkhead counts it), whether the API key may also come as an
 * {@code access_token} query parameter (browsers cannot set headers on WebSocket and EventSource requests), and how
 * the response cache keeps its GET responses (unless {@code caching.routes} is set, which then decides alone).
 *
 * @param access     who may call the route
 * @param routeClass the class it is limited as; empty = never limited
 * @param longLived  whether it is a stream that stays open
 * @param queryToken whether the key may come in the query
 * @param cache      how its GET responses are cached; empty = not cached
 */
public record RouteTraits(
        Access access,
        Optional<RouteClass> routeClass,
        boolean longLived,
        boolean queryToken,
        Optional<HelixConfig.Caching.Policy> cache) {
    /** Any API key; limited as {@link RouteClass#DEFAULT}. What a route is unless its feature says otherwise. */
    public static final RouteTraits AUTHENTICATED = of(Access.AUTHENTICATED);
    /** The admin role; limited as {@link RouteClass#ADMIN}. */
    public static final RouteTraits ADMIN = of(Access.ADMIN);
    /** Anyone, without a key; limited per client IP as {@link RouteClass#PUBLIC}. */
    public static final RouteTraits PUBLIC = of(Access.PUBLIC);

    /** A route {@code access} may call, limited as the class that access implies. */
    public static RouteTraits of(Access access) {
        RouteClass routeClass = switch (access) {
            case ADMIN -> RouteClass.ADMIN;
            case PUBLIC -> RouteClass.PUBLIC;
            case AUTHENTICATED -> RouteClass.DEFAULT;
        };
        return new RouteTraits(access, Optional.of(routeClass), false, false, Optional.empty());
    }

    /** These traits, limited as {@code newClass} instead. */
    public RouteTraits limitedAs(RouteClass newClass) {
        return new RouteTraits(access, Optional.of(newClass), longLived, queryToken, cache);
    }

    /** These traits, never rate limited nor held in a bulkhead (health probes). */
    public RouteTraits neverLimited() {
        return new RouteTraits(access, Optional.empty(), longLived, queryToken, cache);
    }

    /** These traits for a long-lived stream whose key may come in the query. */
    public RouteTraits stream() {
        return new RouteTraits(access, routeClass, true, true, cache);
    }

    /**
     * These traits for a long wait (a long poll, a request waiting for its answer): mostly idle for up to a minute,
     * so no bulkhead counts it; its start is still rate limited.
     */
    public RouteTraits longWait() {
        return new RouteTraits(access, routeClass, true, queryToken, cache);
    }

    /** These traits for a GET route whose responses the response cache keeps as {@code policy} says. */
    public RouteTraits cached(HelixConfig.Caching.Policy policy) {
        return new RouteTraits(access, routeClass, longLived, queryToken, Optional.of(policy));
    }
}
