package dev.helix.gateway.config;

import java.util.List;

/**
 * A model name clients send, and the deployments that can answer it.
 *
 * @param name          what clients put in {@code "model"}
 * @param strategy      how a deployment is chosen
 * @param deployments   where it can run
 * @param fallbacks     other model names tried, in order, when every deployment failed
 * @param contextWindow the tokens (prompt plus output) Helix's own calls of this model plan for; 0 when made means
 *                      the smallest known {@link DeploymentConfig#contextWindow()} of its deployments, or
 *                      {@link #DEFAULT_CONTEXT_WINDOW} when none is known
 */
public record ModelConfig(
        String name, Strategy strategy, List<DeploymentConfig> deployments, List<String> fallbacks, int contextWindow) {
    /** The context window of a model when neither it nor any of its deployments gives one. */
    public static final int DEFAULT_CONTEXT_WINDOW = 8192;

    public ModelConfig {
        deployments = List.copyOf(deployments);
        fallbacks = List.copyOf(fallbacks);
        if (contextWindow < 0) {
            throw new IllegalArgumentException("contextWindow must not be negative, not " + contextWindow);
        }
        if (contextWindow == 0) {
            contextWindow = smallestKnownWindow(deployments);
        }
    }

    /** A model whose context window comes from its deployments. */
    public ModelConfig(String name, Strategy strategy, List<DeploymentConfig> deployments, List<String> fallbacks) {
        this(name, strategy, deployments, fallbacks, 0);
    }

    private static int smallestKnownWindow(List<DeploymentConfig> deployments) {
        return (int) deployments.stream()
                .mapToLong(DeploymentConfig::contextWindow)
                .filter(w -> w > 0)
                .min()
                .orElse(DEFAULT_CONTEXT_WINDOW);
    }
}
