package dev.helix.gateway.provider;

import com.fasterxml.jackson.databind.JsonNode;
import org.jspecify.annotations.Nullable;

/**
 * Tokens one response used, as OpenAI reports them: {@code promptTokens} includes {@code cachedTokens}, and
 * {@code completionTokens} includes {@code reasoningTokens}.
 */
public record Usage(long promptTokens, long completionTokens, long cachedTokens, long reasoningTokens) {
    public static final Usage NONE = new Usage(0, 0, 0, 0);

    /** Reads an OpenAI {@code usage} object; {@link #NONE} when it is missing. */
    public static Usage from(@Nullable JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return NONE;
        }
        long prompt = usage.path("prompt_tokens").asLong(0);
        long completion = usage.path("completion_tokens").asLong(0);
        long cached = usage.path("prompt_tokens_details").path("cached_tokens").asLong(0);
        long reasoning =
                usage.path("completion_tokens_details").path("reasoning_tokens").asLong(0);
        return new Usage(
                Math.max(0, prompt),
                Math.max(0, completion),
                Math.clamp(cached, 0, Math.max(0, prompt)),
                Math.max(0, reasoning));
    }

    public long totalTokens() {
        return promptTokens + completionTokens;
    }
}
