package dev.helix.gateway;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One chat completion asked from inside Helix ({@link GatewayCalls#chat}): who it is accounted to, what is asked,
 * and which agent and task it is for.
 *
 * @param keyId     the API key the call is accounted to: its budget and per-minute limits apply, its usage grows
 * @param requestId identifies the call in usage records and limits (the key's token estimate is corrected by it)
 * @param model     a gateway model name
 * @param messages  the conversation so far, in OpenAI's chat format; at least one
 * @param options   more members of the OpenAI request body ({@code temperature}, {@code max_tokens}, ...), as
 *                  Jackson writes them; not {@code model}, {@code messages} or {@code stream}
 * @param stream    whether the answer is streamed to the call's {@link TokenListener} as it arrives
 * @param agent     the agent the call is made for, or null; usage is reported by it
 * @param task      the task the call does ({@code chat}, {@code summarise}, ...), or null; usage is reported by it
 */
public record ChatCall(
        String keyId,
        String requestId,
        String model,
        List<Message> messages,
        Map<String, Object> options,
        boolean stream,
        @Nullable String agent,
        @Nullable String task) {
    /** Body members the call itself sets. */
    private static final Set<String> RESERVED = Set.of("model", "messages", "stream");

    /**
     * One message of the conversation.
     *
     * @param role    {@code system}, {@code user} or {@code assistant} (or another role OpenAI's format allows)
     * @param content its text
     */
    public record Message(String role, String content) {
        public Message {
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(content, "content");
        }

        public static Message system(String content) {
            return new Message("system", content);
        }

        public static Message user(String content) {
            return new Message("user", content);
        }

        public static Message assistant(String content) {
            return new Message("assistant", content);
        }
    }

    public ChatCall {
        requireText(keyId, "keyId");
        requireText(requestId, "requestId");
        requireText(model, "model");
        messages = List.copyOf(messages);
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("a chat call needs at least one message");
        }
        for (String member : options.keySet()) {
            if (RESERVED.contains(member)) {
                throw new IllegalArgumentException("options must not set '" + member + "': the call sets it");
            }
        }
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
        Attribution.check(agent, task);
    }

    /** A call that is not streamed, without options or attribution. */
    public static ChatCall of(String keyId, String requestId, String model, List<Message> messages) {
        return new ChatCall(keyId, requestId, model, messages, Map.of(), false, null, null);
    }

    /** This call, streamed to its listener. */
    public ChatCall streamed() {
        return new ChatCall(keyId, requestId, model, messages, options, true, agent, task);
    }

    /** This call with {@code options} as further members of the request body. */
    public ChatCall withOptions(Map<String, Object> options) {
        return new ChatCall(keyId, requestId, model, messages, options, stream, agent, task);
    }

    /** This call attributed to {@code agent} and {@code task} (either may be null) in usage records and reports. */
    public ChatCall attributedTo(@Nullable String agent, @Nullable String task) {
        return new ChatCall(keyId, requestId, model, messages, options, stream, agent, task);
    }

    static void requireText(@Nullable String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
    }
}
