package dev.helix.config;

import java.util.Locale;

/**
 * The classes of routes that have their own rate limit and bulkhead ({@link HelixConfig.Limits}): the LLM gateway
 * ({@code /v1/…}), commands ({@code /api/v1/commands…}), admin-only routes, public routes (limited per client IP) and
 * everything else. Which class a route is in is decided where the limits are enforced.
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
}
