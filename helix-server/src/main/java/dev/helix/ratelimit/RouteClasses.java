package dev.helix.ratelimit;

import dev.helix.config.RouteClass;
import dev.helix.http.RouteInterceptor;
import java.util.Set;

/** Which {@link RouteClass} a route is in, and what each class means for counting its requests. */
final class RouteClasses {
    /** Liveness and readiness probes: never limited, so load balancers and orchestrators always get an answer. */
    private static final Set<String> PROBES = Set.of("/health/live", "/health/ready");
    /** Real-time streams: held open for hours, so a bulkhead would fill with them; their opening is rate limited. */
    private static final Set<String> STREAMS = Set.of("/api/v1/events", "/api/v1/realtime");

    private RouteClasses() {}

    /** The class of {@code route}, or {@code null} for the health probes, which are never limited. */
    static RouteClass of(RouteInterceptor.Route route) {
        String t = route.template();
        if (PROBES.contains(t)) {
            return null;
        }
        if (t.startsWith("/v1/")) {
            return RouteClass.GATEWAY;
        }
        if (t.equals("/api/v1/commands") || t.startsWith("/api/v1/commands/")) {
            return RouteClass.COMMANDS;
        }
        return switch (route.access()) {
            case ADMIN -> RouteClass.ADMIN;
            case PUBLIC -> RouteClass.PUBLIC;
            case AUTHENTICATED -> RouteClass.DEFAULT;
        };
    }

    /** Whether {@code route} is a long-lived stream that no bulkhead counts. */
    static boolean longLived(RouteInterceptor.Route route) {
        return STREAMS.contains(route.template());
    }

    /** Whether requests of {@code routeClass} are counted per client IP rather than per API key. */
    static boolean perClientIp(RouteClass routeClass) {
        return routeClass == RouteClass.PUBLIC;
    }
}
