package dev.helix.gateway.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

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
public record GatewayConfig(Map<String, ProviderConfig> providers, List<ModelConfig> models, RetrySettings retry,
                            CacheSettings cache) {
    /** No providers, no models: the gateway answers every model name with 404. */
    public static final GatewayConfig EMPTY = new GatewayConfig(Map.of(), List.of(), RetrySettings.DEFAULTS,
            CacheSettings.DEFAULTS);

    public GatewayConfig {
        providers = Map.copyOf(providers);
        models = List.copyOf(models);
    }

    /** The model clients call {@code name}, if configured. */
    public Optional<ModelConfig> model(String name) {
        return Optional.ofNullable(modelsByName().get(name));
    }

    /** Every configured model name, in the order written. */
    public List<String> modelNames() {
        return models.stream().map(ModelConfig::name).toList();
    }

    private Map<String, ModelConfig> modelsByName() {
        return models.stream().collect(Collectors.toMap(ModelConfig::name, Function.identity()));
    }

    /**
     * Retries and failover.
     *
     * @param attempts        most upstream calls for one client request and one model (fallback models get as many)
     * @param backoff         wait before retrying a deployment already tried, doubled each time, with jitter
     * @param maxBackoff      the longest wait; a {@code Retry-After} longer than this moves on instead of waiting
     * @param retryOn         what fails over: {@code connect}, {@code timeout}, {@code 429}, {@code 5xx}, or a status
     * @param breaker         per-deployment circuit breaker
     * @param healthInterval  how often providers with health checks on are probed
     */
    public record RetrySettings(int attempts, Duration backoff, Duration maxBackoff, Set<String> retryOn,
                                BreakerSettings breaker, Duration healthInterval) {
        public static final RetrySettings DEFAULTS = new RetrySettings(3, Duration.ofMillis(200),
                Duration.ofSeconds(5), Set.of("connect", "timeout", "429", "5xx"), BreakerSettings.DEFAULTS,
                Duration.ofSeconds(30));

        public RetrySettings {
            retryOn = Set.copyOf(retryOn);
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
