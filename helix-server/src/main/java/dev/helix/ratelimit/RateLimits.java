package dev.helix.ratelimit;

import dev.helix.config.HelixConfig;
import dev.helix.http.HttpFeature;
import dev.helix.http.RouteInterceptor;
import dev.helix.http.Routes;
import dev.helix.storage.RedisConnection;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rate limits and bulkheads of the HTTP API, as configured in {@code limits.*}: adds the rate-limit interceptor
 * ({@link RouteInterceptor#RATE_LIMIT}) and the bulkheads ({@link RouteInterceptor#BULKHEAD}, inside it, so a refused
 * request never takes a place) around every route. With {@code limits.enabled: false} it adds nothing.
 */
public final class RateLimits implements HttpFeature {
    private static final Logger LOG = LoggerFactory.getLogger(RateLimits.class);

    private final HelixConfig.Limits config;
    private final RateLimiter limiter;
    private final MeterRegistry registry;
    private final Optional<RedisConnection> redis;

    public RateLimits(HelixConfig.Limits config, Optional<RedisConnection> redis, Clock clock, MeterRegistry registry) {
        this.config = config;
        this.limiter = new RateLimiter(config, redis, clock, registry);
        this.registry = registry;
        this.redis = redis;
    }

    @Override
    public void register(Routes routes) {
        if (!config.enabled()) {
            LOG.info("rate limits and bulkheads are off (limits.enabled: false)");
            return;
        }
        routes.intercept(
                RouteInterceptor.RATE_LIMIT, new RateLimitInterceptor(limiter, config.trustForwardedFor(), registry));
        routes.intercept(RouteInterceptor.BULKHEAD, new Bulkheads(config, registry));
        LOG.info(
                "rate limits are counted {}",
                redis.map(r -> "in Redis at " + r.describe() + " for all nodes").orElse("in this node's memory"));
    }

    /** The rate limiter (for tests and embedders). */
    public RateLimiter limiter() {
        return limiter;
    }
}
