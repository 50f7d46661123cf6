package dev.helix.gateway;

import dev.helix.gateway.config.ProviderConfig;
import dev.helix.gateway.provider.Provider;
import dev.helix.gateway.provider.anthropic.AnthropicProvider;
import dev.helix.gateway.provider.gemini.GeminiProvider;
import dev.helix.gateway.provider.openai.OpenAiProvider;

/** Builds the provider for a configured kind. */
final class ProviderFactory {
    private ProviderFactory() {}

    static Provider create(ProviderConfig config) {
        return switch (config.kind()) {
            case OPENAI -> new OpenAiProvider(config);
            case ANTHROPIC -> new AnthropicProvider(config);
            case GEMINI -> new GeminiProvider(config);
        };
    }
}
