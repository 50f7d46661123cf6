package dev.helix.gateway;

import dev.helix.gateway.config.DeploymentConfig;
import dev.helix.gateway.provider.Usage;

/** What a response cost: prices are USD per million tokens; cached prompt tokens at the cached-input price. */
final class Pricing {
    private Pricing() {}

    static double cost(DeploymentConfig.Price price, Usage usage) {
        long cached = Math.min(usage.cachedTokens(), usage.promptTokens());
        double micro = (usage.promptTokens() - cached) * price.input()
                + cached * price.cachedInput()
                + usage.completionTokens() * price.output();
        return micro / 1_000_000.0;
    }
}
