package dev.helix.gateway.config;

/**
 * One place a model can run: a provider and the model name it knows.
 *
 * @param provider      the provider's id
 * @param model         the upstream model name
 * @param price         USD per million tokens
 * @param weight        share of traffic under the weighted strategy
 * @param contextWindow most tokens (prompt + output) it takes; 0 = unknown, not checked
 * @param tools         whether it can call tools
 * @param vision        whether it takes images
 * @param jsonMode      whether it honours {@code response_format}
 */
public record DeploymentConfig(
        String provider,
        String model,
        Price price,
        int weight,
        long contextWindow,
        boolean tools,
        boolean vision,
        boolean jsonMode) {
    /** How responses, logs and metrics name it: {@code provider/model}. */
    public String id() {
        return provider + "/" + model;
    }

    /**
     * USD per million tokens.
     *
     * @param input       prompt tokens not served from the provider's prompt cache
     * @param output      completion tokens (reasoning included)
     * @param cachedInput prompt tokens served from the provider's prompt cache
     */
    public record Price(double input, double output, double cachedInput) {
        public static final Price FREE = new Price(0, 0, 0);
    }
}
