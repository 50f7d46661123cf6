package dev.helix.gateway.provider.format;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * Builds the OpenAI Chat Completions shapes Helix hands to clients: completions, choices, tool calls, usage.
 */
public final class Chat {
    private Chat() {}

    /** A {@code chat.completion}; {@code usage} is left out when null. */
    public static ObjectNode completion(
            String id, long created, String model, ArrayNode choices, @Nullable ObjectNode usage) {
        ObjectNode out = Fields.object();
        out.put("id", id);
        out.put("object", "chat.completion");
        out.put("created", created);
        out.put("model", model);
        out.set("choices", choices);
        if (usage != null) {
            out.set("usage", usage);
        }
        return out;
    }

    /**
     * An assistant message with {@code text} and {@code toolCalls} (may be empty); its content is null when the
     * text is empty and there are tool calls, as OpenAI sends a reply that is only tool calls.
     */
    public static ObjectNode message(String text, ArrayNode toolCalls) {
        ObjectNode message = Fields.object();
        message.put("role", "assistant");
        message.put("content", text.isEmpty() && !toolCalls.isEmpty() ? null : text);
        if (!toolCalls.isEmpty()) {
            message.set("tool_calls", toolCalls);
        }
        return message;
    }

    /** Choice {@code index} of a completion. */
    public static ObjectNode choice(int index, ObjectNode message, @Nullable String finishReason) {
        ObjectNode choice = Fields.object();
        choice.put("index", index);
        choice.set("message", message);
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason);
        return choice;
    }

    /** A function tool call with {@code arguments} as JSON text. */
    public static ObjectNode toolCall(String id, String name, String arguments) {
        ObjectNode function = Fields.object();
        function.put("name", name);
        function.put("arguments", arguments);
        ObjectNode call = Fields.object();
        call.put("id", id);
        call.put("type", "function");
        call.set("function", function);
        return call;
    }

    /** An OpenAI usage object; {@code prompt} already includes the cached tokens. */
    public static ObjectNode usage(long prompt, long completion, long cached, long reasoning) {
        ObjectNode usage = Fields.object();
        usage.put("prompt_tokens", prompt);
        usage.put("completion_tokens", completion);
        usage.put("total_tokens", prompt + completion);
        usage.putObject("prompt_tokens_details").put("cached_tokens", cached);
        usage.putObject("completion_tokens_details").put("reasoning_tokens", reasoning);
        return usage;
    }

    /** 24 random hex digits, for ids the upstream did not supply. */
    public static String randomSuffix() {
        byte[] bytes = new byte[12];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
