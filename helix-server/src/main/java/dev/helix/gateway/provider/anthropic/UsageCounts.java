package dev.helix.gateway.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.helix.gateway.provider.format.Chat;
import org.jspecify.annotations.Nullable;

/**
 * Anthropic token counts as they arrive (message_start, then cumulative message_delta updates), turned into an
 * OpenAI usage object. Anthropic's {@code input_tokens} excludes cached tokens, so the OpenAI prompt count is
 * input + cache reads + cache writes, with the cache reads reported as {@code cached_tokens}.
 */
final class UsageCounts {
    private long input;
    private long cacheRead;
    private long cacheCreation;
    private long output;
    private boolean seen;

    /** Takes every count present in {@code usage}; absent counts keep their earlier value. */
    void update(@Nullable JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return;
        }
        seen = true;
        input = count(usage, "input_tokens", input);
        cacheRead = count(usage, "cache_read_input_tokens", cacheRead);
        cacheCreation = count(usage, "cache_creation_input_tokens", cacheCreation);
        output = count(usage, "output_tokens", output);
    }

    private static long count(JsonNode usage, String field, long current) {
        JsonNode value = usage.get(field);
        return value != null && value.isNumber() ? value.asLong() : current;
    }

    /** The OpenAI usage object, or null when no usage was seen. */
    @Nullable
    ObjectNode toOpenAi() {
        if (!seen) {
            return null;
        }
        return Chat.usage(input + cacheRead + cacheCreation, output, cacheRead, 0);
    }
}
