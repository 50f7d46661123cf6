package dev.helix.gateway.config;

import java.util.List;

/**
 * A model name clients send, and the deployments that can answer it.
 *
 * @param name        what clients put in {@code "model"}
 * @param strategy    how a deployment is chosen
 * @param deployments where it can run
 * @param fallbacks   other model names tried, in order, when every deployment failed
 */
public record ModelConfig(String name, Strategy strategy, List<DeploymentConfig> deployments, List<String> fallbacks) {
    public ModelConfig {
        deployments = List.copyOf(deployments);
        fallbacks = List.copyOf(fallbacks);
    }
}
