package dev.helix.monitor.advice;

import dev.helix.config.ConfigKeys;

/** The names of the settings advice points at, in one place. */
public final class SettingNames {
    /** The response cache's routes, each with its {@code ttl}. */
    public static final String CACHE_ROUTES = ConfigKeys.CACHE_ROUTES.name();
    /** The heap limit: the launcher's environment variable ({@code ./helix}), not a key of {@code helix.yaml}. */
    public static final String HEAP = "HELIX_HEAP";
    /** The LLM providers, in the {@code gateway:} section of {@code helix.yaml}. */
    public static final String GATEWAY_PROVIDERS = "gateway.providers";

    public static final String POOL_SIZE = ConfigKeys.POOL_SIZE.name();
    public static final String DATABASE_URL = ConfigKeys.DATABASE_URL.name();
    public static final String REALTIME_MAX_PENDING = ConfigKeys.REALTIME_MAX_PENDING.name();

    private SettingNames() {}
}
