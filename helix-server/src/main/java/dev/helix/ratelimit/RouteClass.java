package dev.helix.ratelimit;

import dev.helix.http.RouteInterceptor;
import java.util.Locale;
import java.util.Set;

/**
 * The classes of routes that have their own rate limit and bulkhead: the LLM gateway ({@code /v1/…}), commands
 * ({@code /api/v1/commands…}), admin-only routes, public routes (limited per client IP) and everything else.
 */
public enum RouteClass {
    GATEWAY,
    COMMANDS,
    ADMIN,
    PUBLIC,
    DEFAULT;

    /** Liveness and readiness probes: never limited, so load balancers and orchestrators always get an answer. */
    private static final Set<String> PROBES = Set.of("/health/live", "/health/ready");
    /** Real-time streams: held open for hours, so a bulkhead would fill with them; their opening is rate limited. */
    private static final Set<String> STREAMS = Set.of("/api/v1/events", "/api/v1/realtime");
    /**
     * Long polls of agents' mailboxes and requests waiting for their answer (method and template): each waits up to
     * messaging.maxWait, mostly idle, so a bulkhead would fill with waiters; their start is rate limited.
     */
    private static final Set<String> WAITS =
            Set.of("GET /api/v1/agents/{id}/messages", "POST /api/v1/agents/{id}/requests");

    private final String id = name().toLowerCase(Locale.ROOT);

    /** The name used in configuration keys, headers, problems and metrics: {@code gateway}, {@code public}, … */
    public String id() {
        return id;
    }

    /** The class of {@code route}, or {@code null} for the health probes, which are never limited. */
    public static RouteClass of(RouteInterceptor.Route route) {
        String t = route.template();
        if (PROBES.contains(t)) {
            return null;
        }
        if (t.startsWith("/v1/")) {
            return GATEWAY;
        }
        if (t.equals("/api/v1/commands") || t.startsWith("/api/v1/commands/")) {
            return COMMANDS;
        }
        return switch (route.access()) {
            case ADMIN -> ADMIN;
            case PUBLIC -> PUBLIC;
            case AUTHENTICATED -> DEFAULT;
        };
    }

    /** Whether {@code route} is a long-lived stream or a long wait, which no bulkhead counts. */
    static boolean longLived(RouteInterceptor.Route route) {
        return STREAMS.contains(route.template()) || WAITS.contains(route.method() + " " + route.template());
    }

    /** Whether requests of this class are counted per client IP rather than per API key. */
    boolean perClientIp() {
        return this == PUBLIC;
    }
}
