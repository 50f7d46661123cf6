package dev.helix.gateway.routing;

import dev.helix.gateway.config.DeploymentConfig;
import dev.helix.gateway.config.GatewayConfig;
import dev.helix.gateway.config.ModelConfig;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Orders a model's deployments for one request by the model's strategy, leaving out those that cannot serve it
 * (tools, images, JSON mode, context window) and putting deployments whose provider failed its last health probe
 * last. Keeps the learned state of every deployment across config reloads.
 */
public final class Router {
    private final LongSupplier ticker;
    private final Map<String, DeploymentState> states = new ConcurrentHashMap<>();
    private final Set<String> unhealthyProviders = ConcurrentHashMap.newKeySet();
    private volatile GatewayConfig.BreakerSettings breaker = GatewayConfig.BreakerSettings.DEFAULTS;

    /** A router whose deployments time their cool-downs with {@code ticker} (nanoseconds, like {@code nanoTime}). */
    public Router(LongSupplier ticker) {
        this.ticker = ticker;
    }

    /** The ticker that times the deployments' cool-downs. */
    public LongSupplier ticker() {
        return ticker;
    }

    /** Adopts a new configuration: keeps state of deployments still there, drops the rest. */
    public void configure(GatewayConfig config) {
        if (!config.retry().breaker().equals(breaker)) {
            states.clear();
        }
        breaker = config.retry().breaker();
        Set<String> ids = ConcurrentHashMap.newKeySet();
        config.models().forEach(m -> m.deployments().forEach(d -> ids.add(d.id())));
        states.keySet().retainAll(ids);
        unhealthyProviders.retainAll(config.providers().keySet());
    }

    /** The state of deployment {@code id}. */
    public DeploymentState state(DeploymentConfig d) {
        return states.computeIfAbsent(d.id(), id -> new DeploymentState(id, breaker, ticker));
    }

    /** Every known deployment's state. */
    public Map<String, DeploymentState> states() {
        return Map.copyOf(states);
    }

    /** Records the result of a provider's health probe. */
    public void providerHealth(String providerId, boolean healthy) {
        if (healthy) {
            unhealthyProviders.remove(providerId);
        } else {
            unhealthyProviders.add(providerId);
        }
    }

    public boolean providerHealthy(String providerId) {
        return !unhealthyProviders.contains(providerId);
    }

    /** The deployments of {@code model} that can serve a request with {@code needs}, best first. */
    public List<DeploymentConfig> order(ModelConfig model, RequestNeeds needs) {
        List<DeploymentConfig> able =
                model.deployments().stream().filter(capable(needs)).toList();
        List<DeploymentConfig> ordered = switch (model.strategy()) {
            case COST -> sorted(able, Comparator.comparingDouble(d -> estimatedCost(d, needs)));
            case LATENCY -> sorted(able, Comparator.comparingDouble(this::latencyOrZero));
            case WEIGHTED -> weighted(able);
            case ORDERED -> able;
        };
        List<DeploymentConfig> out = new ArrayList<>(ordered.size());
        ordered.stream().filter(d -> providerHealthy(d.provider())).forEach(out::add);
        ordered.stream().filter(d -> !providerHealthy(d.provider())).forEach(out::add);
        return out;
    }

    /** Why no deployment of {@code model} can serve {@code needs}, or null if one can. */
    public static @Nullable String whyNoneCapable(ModelConfig model, RequestNeeds needs) {
        if (model.deployments().stream().anyMatch(capable(needs))) {
            return null;
        }
        List<String> missing = new ArrayList<>();
        if (needs.tools() && model.deployments().stream().noneMatch(DeploymentConfig::tools)) {
            missing.add("tools");
        }
        if (needs.vision() && model.deployments().stream().noneMatch(DeploymentConfig::vision)) {
            missing.add("images");
        }
        if (needs.jsonMode() && model.deployments().stream().noneMatch(DeploymentConfig::jsonMode)) {
            missing.add("response_format");
        }
        if (missing.isEmpty()) {
            missing.add("about " + needs.estimatedTokens() + " tokens (prompt plus max_tokens) in its context window");
        }
        return "no deployment of model '" + model.name() + "' supports " + String.join(" and ", missing);
    }

    private static Predicate<DeploymentConfig> capable(RequestNeeds needs) {
        return d -> (!needs.tools() || d.tools())
                && (!needs.vision() || d.vision())
                && (!needs.jsonMode() || d.jsonMode())
                && (d.contextWindow() == 0 || needs.estimatedTokens() <= d.contextWindow());
    }

    private static double estimatedCost(DeploymentConfig d, RequestNeeds needs) {
        long tokens = Math.max(needs.estimatedTokens(), 1);
        return d.price().input() * tokens + d.price().output() * Math.min(tokens, 1024);
    }

    private double latencyOrZero(DeploymentConfig d) {
        double ms = state(d).latencyMillis();
        return Double.isNaN(ms) ? 0 : ms;
    }

    private static List<DeploymentConfig> sorted(List<DeploymentConfig> list, Comparator<DeploymentConfig> by) {
        return list.stream().sorted(by).toList();
    }

    private static List<DeploymentConfig> weighted(List<DeploymentConfig> list) {
        List<DeploymentConfig> left = new ArrayList<>(list);
        List<DeploymentConfig> out = new ArrayList<>(list.size());
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (!left.isEmpty()) {
            long total = left.stream().mapToLong(DeploymentConfig::weight).sum();
            if (total == 0) {
                out.addAll(left);
                break;
            }
            long pick = random.nextLong(total);
            for (int i = 0; i < left.size(); i++) {
                pick -= left.get(i).weight();
                if (pick < 0) {
                    out.add(left.remove(i));
                    break;
                }
            }
        }
        return out;
    }
}
