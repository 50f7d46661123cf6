package dev.helix.http;

import dev.helix.config.HelixConfig;
import dev.helix.config.RouteClass;
import java.util.Optional;
import java.util.Set;

/**
 * What a route is besides its handler, declared by the feature that registers it: who may call it, the route class
 * whose rate limit and bulkhead it counts against (none for health probes, which must always answer), whether it is
 * a long-lived stream (held open for hours, so no bulkhead counts it), whether the API key may also come as an
 * {@code access_token} query parameter (browsers cannot set headers on WebSocket and EventSource requests), how
 * the response cache keeps its GET responses (unless {@code caching.routes} is set, which then decides alone), and
 * whether it changes stored data (what read-only maintenance refuses).
 *
 * @param access     who may call the route
 * @param routeClass the class it is limited as; empty = never limited
 * @param longLived  whether it is a stream that stays open
 * @param queryToken whether the key may come in the query
 * @param cache      how its GET responses are cached; empty = not cached
 * @param writes     whether it changes stored data: as its method says, or always, or never
 */
public record RouteTraits(
        Access access,
        Optional<RouteClass> routeClass,
        boolean longLived,
        boolean queryToken,
        Optional<HelixConfig.Caching.Policy> cache,
        Writes writes) {
    /** Whether a route changes stored data. */
    public enum Writes {
        /** Every method but {@code GET}, {@code HEAD} and {@code OPTIONS} writes: what a route is unless told. */
        BY_METHOD,
        /** It writes whatever its method (a {@code GET} that takes messages from a mailbox). */
        ALWAYS,
        /** It writes nothing whatever its method (a {@code DELETE} that only drops cached responses). */
        NEVER
    }

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

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
        return new RouteTraits(access, Optional.of(routeClass), false, false, Optional.empty(), Writes.BY_METHOD);
    }

    /** These traits, limited as {@code newClass} instead. */
    public RouteTraits limitedAs(RouteClass newClass) {
        return new RouteTraits(access, Optional.of(newClass), longLived, queryToken, cache, writes);
    }

    /** These traits, never rate limited nor held in a bulkhead (health probes). */
    public RouteTraits neverLimited() {
        return new RouteTraits(access, Optional.empty(), longLived, queryToken, cache, writes);
    }

    /** These traits for a long-lived stream whose key may come in the query. */
    public RouteTraits stream() {
        return new RouteTraits(access, routeClass, true, true, cache, writes);
    }

    /**
     * These traits for a long wait (a long poll, a request waiting for its answer): mostly idle for up to a minute,
     * so no bulkhead counts it; its start is still rate limited.
     */
    public RouteTraits longWait() {
        return new RouteTraits(access, routeClass, true, queryToken, cache, writes);
    }

    /** These traits for a GET route whose responses the response cache keeps as {@code policy} says. */
    public RouteTraits cached(HelixConfig.Caching.Policy policy) {
        return new RouteTraits(access, routeClass, longLived, queryToken, Optional.of(policy), writes);
    }

    /** These traits for a route that changes stored data whatever its method, such as a GET that takes messages. */
    public RouteTraits writing() {
        return new RouteTraits(access, routeClass, longLived, queryToken, cache, Writes.ALWAYS);
    }

    /** These traits for a route that changes no stored data whatever its method, such as dropping cached responses. */
    public RouteTraits notWriting() {
        return new RouteTraits(access, routeClass, longLived, queryToken, cache, Writes.NEVER);
    }

    /** Whether the route, served for {@code method}, changes stored data. */
    public boolean writesWith(String method) {
        return switch (writes) {
            case ALWAYS -> true;
            case NEVER -> false;
            case BY_METHOD -> !SAFE_METHODS.contains(method);
        };
    }
}
