package dev.helix.config;

import java.util.Locale;

/**
 * The classes of routes that have their own rate limit and bulkhead ({@code limits.<class>…}): the LLM gateway
 * ({@code /v1/…}), commands ({@code /api/v1/commands…}), admin-only routes, public routes (limited per client IP)
 * and everything else. Each route's class is declared where the route is registered.
 */
public enum RouteClass {
    GATEWAY,
    COMMANDS,
    ADMIN,
    PUBLIC,
    DEFAULT;

    private final String id = name().toLowerCase(Locale.ROOT);

    /** The name used in configuration keys, headers, problems and metrics: {@code gateway}, {@code public}, … */
    public String id() {
        return id;
    }

    /** Whether requests of this class are counted per client IP rather than per API key. */
    public boolean perClientIp() {
        return this == PUBLIC;
    }
}
