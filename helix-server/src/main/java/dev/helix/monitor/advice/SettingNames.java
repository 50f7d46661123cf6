package dev.helix.monitor.advice;

import dev.helix.config.ConfigKeys;

/** The names of the settings advice points at, in one place. */
public final class SettingNames {
    /**
     * The time to live of one route in the response cache; {@code %s} is the cache's name for the route. Kept here
     * until the cache's keys are in {@link ConfigKeys}.
     */
    public static final String CACHE_ROUTE_TTL = "cache.routes.%s.ttl";
    /** The heap limit: the launcher's environment variable ({@code ./helix}), not a key of {@code helix.yaml}. */
    public static final String HEAP = "HELIX_HEAP";
    /** The LLM providers, in the {@code gateway:} section of {@code helix.yaml}. */
    public static final String GATEWAY_PROVIDERS = "gateway.providers";
    public static final String POOL_SIZE = ConfigKeys.POOL_SIZE.name();
    public static final String DATABASE_URL = ConfigKeys.DATABASE_URL.name();
    public static final String REALTIME_MAX_PENDING = ConfigKeys.REALTIME_MAX_PENDING.name();

    private SettingNames() {
    }

    /** The TTL key of the cached route named {@code route}. */
    public static String cacheTtl(String route) {
        return String.format(CACHE_ROUTE_TTL, route);
    }
}
