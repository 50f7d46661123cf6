package dev.helix.gateway.provider.anthropic;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Writes {@code chat.completion.chunk} objects that share one id, creation time and model. With
 * {@code includeUsage} every chunk carries {@code "usage": null} except the final usage chunk, as OpenAI does.
 *
 * <p>The gemini package keeps an identical copy: the provider packages do not depend on each other.
 */
final class Chunks {
    private final long created;
    private final String model;
    private final boolean includeUsage;
    private String id;

    Chunks(String id, long created, String model, boolean includeUsage) {
        this.id = id;
        this.created = created;
        this.model = model;
        this.includeUsage = includeUsage;
    }

    void id(String id) {
        this.id = id;
    }

    ObjectNode role(int index) {
        ObjectNode delta = Fields.object();
        delta.put("role", "assistant");
        delta.put("content", "");
        return delta(index, delta, null);
    }

    ObjectNode content(int index, String text) {
        ObjectNode delta = Fields.object();
        delta.put("content", text);
        return delta(index, delta, null);
    }

    ObjectNode toolCall(int index, ObjectNode toolCallDelta) {
        ObjectNode delta = Fields.object();
        delta.putArray("tool_calls").add(toolCallDelta);
        return delta(index, delta, null);
    }

    ObjectNode finish(int index, String finishReason) {
        return delta(index, Fields.object(), finishReason);
    }

    /** The closing chunk: no choices, only usage. */
    ObjectNode usage(ObjectNode usage) {
        ObjectNode chunk = base();
        chunk.putArray("choices");
        chunk.set("usage", usage);
        return chunk;
    }

    private ObjectNode delta(int index, ObjectNode delta, String finishReason) {
        ObjectNode choice = Fields.object();
        choice.put("index", index);
        choice.set("delta", delta);
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason);
        ObjectNode chunk = base();
        ArrayNode choices = chunk.putArray("choices");
        choices.add(choice);
        if (includeUsage) {
            chunk.putNull("usage");
        }
        return chunk;
    }

    private ObjectNode base() {
        ObjectNode chunk = Fields.object();
        chunk.put("id", id);
        chunk.put("object", "chat.completion.chunk");
        chunk.put("created", created);
        chunk.put("model", model);
        return chunk;
    }
}
