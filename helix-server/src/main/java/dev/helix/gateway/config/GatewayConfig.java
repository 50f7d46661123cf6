package dev.helix.gateway.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code gateway:} section of {@code helix.yaml}: LLM providers, the model names clients send and the
 * deployments behind each, and how requests are retried, cached and checked. Immutable; validated by
 * {@link GatewayConfigParser}.
 *
 * @param providers upstream APIs by id
 * @param models    client-facing model names, in the order written
 * @param retry     retries, failover and the circuit breaker
 * @param cache     the exact-match response cache
 */
public record GatewayConfig(
        Map<String, ProviderConfig> providers,
        List<ModelConfig> models,
        List<RouterConfig> routers,
        RetrySettings retry,
        CacheSettings cache) {
    /** No providers, no models: the gateway answers every model name with 404. */
    public static final GatewayConfig EMPTY =
            new GatewayConfig(Map.of(), List.of(), RetrySettings.DEFAULTS, CacheSettings.DEFAULTS);

    public GatewayConfig {
        providers = Map.copyOf(providers);
        models = Models.of(models);
        routers = List.copyOf(routers);
    }

    /** A configuration without routers. */
    public GatewayConfig(
            Map<String, ProviderConfig> providers, List<ModelConfig> models, RetrySettings retry, CacheSettings cache) {
        this(providers, models, List.of(), retry, cache);
    }

    /** The model clients call {@code name}, if configured (a router is not a model: see {@link #router}). */
    public Optional<ModelConfig> model(String name) {
        return Optional.ofNullable(((Models) models).named(name));
    }

    /** The router clients call {@code name}, if configured. */
    public Optional<RouterConfig> router(String name) {
        for (RouterConfig r : routers) {
            if (r.name().equals(name)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /** Every name clients may call: the models in the order written, then the routers. */
    public List<String> modelNames() {
        if (routers.isEmpty()) {
            return ((Models) models).names();
        }
        List<String> names = new ArrayList<>(((Models) models).names());
        routers.forEach(r -> names.add(r.name()));
        return List.copyOf(names);
    }

    /**
     * Retries and failover.
     *
     * @param attempts        most upstream calls for one client request and one model (fallback models get as many)
     * @param backoff         wait before retrying a deployment already tried, doubled each time, with jitter
     * @param maxBackoff      the longest wait; a {@code Retry-After} longer than this moves on instead of waiting
     * @param retryOn         what is retried: {@code connect}, {@code timeout}, {@code 429}, {@code 5xx}, or a status
     * @param breaker         per-deployment circuit breaker
     * @param healthInterval  how often providers with health checks on are probed
     */
    public record RetrySettings(
            int attempts,
            Duration backoff,
            Duration maxBackoff,
            Set<RetryCondition> retryOn,
            BreakerSettings breaker,
            Duration healthInterval) {
        public static final RetrySettings DEFAULTS = new RetrySettings(
                3,
                Duration.ofMillis(200),
                Duration.ofSeconds(5),
                Set.of(
                        RetryCondition.Failure.CONNECT,
                        RetryCondition.Failure.TIMEOUT,
                        RetryCondition.TOO_MANY_REQUESTS,
                        RetryCondition.Failure.SERVER_ERROR),
                BreakerSettings.DEFAULTS,
                Duration.ofSeconds(30));

        public RetrySettings {
            retryOn = Set.copyOf(retryOn);
        }

        /** Whether a failure of kind {@code failure} is retried. */
        public boolean retries(RetryCondition.Failure failure) {
            return retryOn.contains(failure);
        }

        /** Whether an answer with {@code status} is retried: listed itself, or a 5xx with {@code 5xx} listed. */
        public boolean retriesStatus(int status) {
            return (status >= 500 && retryOn.contains(RetryCondition.Failure.SERVER_ERROR))
                    || (status >= 400 && status <= 599 && retryOn.contains(new RetryCondition.Status(status)));
        }
    }

    /**
     * The circuit breaker kept per deployment.
     *
     * @param failureRate  percentage of failed calls (in the window) that opens it
     * @param minimumCalls calls needed in the window before the rate counts
     * @param window       how many recent calls the rate is over
     * @param openFor      how long it stays open before letting a trial call through
     */
    public record BreakerSettings(int failureRate, int minimumCalls, int window, Duration openFor) {
        public static final BreakerSettings DEFAULTS = new BreakerSettings(50, 5, 20, Duration.ofSeconds(30));
    }

    /**
     * The exact-match cache.
     *
     * @param enabled    whether requests may be served from it at all
     * @param ttl        how long an entry lives
     * @param maxEntries most entries kept (least recently used go first)
     */
    public record CacheSettings(boolean enabled, Duration ttl, long maxEntries) {
        public static final CacheSettings DEFAULTS = new CacheSettings(true, Duration.ofMinutes(10), 10_000);
    }
}
