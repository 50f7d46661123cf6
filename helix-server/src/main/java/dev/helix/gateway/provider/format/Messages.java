package dev.helix.gateway.provider.format;

import static dev.helix.gateway.provider.format.Fields.at;
import static dev.helix.gateway.provider.format.Fields.invalid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jspecify.annotations.Nullable;

/**
 * Walks the {@code messages} of an OpenAI chat request by role, and builds the alternating turns both
 * translating providers send upstream.
 */
public final class Messages {
    private Messages() {}

    /** What a translator does with each kind of message; paths name the message or its content. */
    public interface Handler {
        /** A system or developer message's {@code content} (may be null). */
        void systemMessage(@Nullable JsonNode content, String contentPath);

        /** A user message's {@code content} (may be null). */
        void userMessage(@Nullable JsonNode content, String contentPath);

        /** An assistant message. */
        void assistantMessage(JsonNode message, String path);

        /** A tool message (the result of a tool call). */
        void toolMessage(JsonNode message, String path);
    }

    /**
     * Hands each of the request's {@code messages} to {@code handler} by role, in order. A missing or empty
     * array, an unknown role and the deprecated {@code function} role are refused.
     */
    public static void forEach(JsonNode chatRequest, Handler handler) {
        ArrayNode messages = Fields.optionalArray(chatRequest, "messages", "");
        if (messages == null || messages.isEmpty()) {
            throw invalid("messages", "must be a non-empty array");
        }
        for (int i = 0; i < messages.size(); i++) {
            dispatch(messages.get(i), at("messages", i), handler);
        }
    }

    /**
     * Adds {@code items} (content blocks or parts, under {@code field}) as a turn of {@code role}, merged into the
     * last turn when that has the same role; nothing when {@code items} is empty.
     */
    public static void append(ArrayNode turns, String role, String field, ArrayNode items) {
        if (items.isEmpty()) {
            return;
        }
        JsonNode last = turns.isEmpty() ? null : turns.get(turns.size() - 1);
        if (last != null && last.get("role").asText().equals(role)) {
            ((ArrayNode) last.get(field)).addAll(items);
            return;
        }
        ObjectNode turn = turns.addObject();
        turn.put("role", role);
        turn.set(field, items);
    }

    /** Refuses a request whose messages gave no turn to send (only system prompts or empty text). */
    public static void requireTurns(ArrayNode turns) {
        if (turns.isEmpty()) {
            throw invalid("messages", "has no user or assistant content to send");
        }
    }

    /** Refuses the deprecated {@code function_call} of the assistant message at {@code path}. */
    public static void refuseFunctionCall(JsonNode message, String path) {
        if (Fields.given(message, "function_call") != null) {
            throw invalid(at(path, "function_call"), "(deprecated function calling) is not supported; use tool_calls");
        }
    }

    private static void dispatch(JsonNode message, String path, Handler handler) {
        Fields.requireObject(message, path);
        String role = Fields.requiredText(message, "role", path);
        JsonNode content = Fields.given(message, "content");
        switch (role) {
            case "system", "developer" -> handler.systemMessage(content, at(path, "content"));
            case "user" -> handler.userMessage(content, at(path, "content"));
            case "assistant" -> handler.assistantMessage(message, path);
            case "tool" -> handler.toolMessage(message, path);
            case "function" ->
                throw invalid(
                        at(path, "role"),
                        "'function' (deprecated function calling) is not supported; use tools and tool messages");
            default ->
                throw invalid(
                        at(path, "role"), "'" + role + "' is not one of system, developer, user, assistant, tool");
        }
    }
}
