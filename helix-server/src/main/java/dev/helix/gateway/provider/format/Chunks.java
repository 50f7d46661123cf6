package dev.helix.gateway.provider.format;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import org.jspecify.annotations.Nullable;

/**
 * Writes {@code chat.completion.chunk} objects that share one id, creation time and model. With
 * {@code includeUsage} every chunk carries {@code "usage": null} except the final usage chunk, as OpenAI does.
 */
public final class Chunks {
    private final long created;
    private final String model;
    private final boolean includeUsage;
    private String id;

    /** Chunks with id {@code id}, creation time {@code created} (epoch seconds) and {@code model}. */
    public Chunks(String id, long created, String model, boolean includeUsage) {
        this.id = id;
        this.created = created;
        this.model = model;
        this.includeUsage = includeUsage;
    }

    /**
     * Chunks for a streamed answer to a client that asked for {@code clientModel}: a {@code chatcmpl-} id with a
     * random suffix (until the provider says its own) and {@code created} read from {@code clock}.
     */
    public static Chunks forClient(String clientModel, boolean includeUsage, Clock clock) {
        return new Chunks(
                "chatcmpl-" + Chat.randomSuffix(), clock.instant().getEpochSecond(), clientModel, includeUsage);
    }

    /** Changes the id of later chunks (once the provider has said its own). */
    public void id(String id) {
        this.id = id;
    }

    /** The first chunk of choice {@code index}: the assistant role and empty content. */
    public ObjectNode role(int index) {
        ObjectNode delta = Fields.object();
        delta.put("role", "assistant");
        delta.put("content", "");
        return delta(index, delta, null);
    }

    /** A chunk adding {@code text} to choice {@code index}. */
    public ObjectNode content(int index, String text) {
        ObjectNode delta = Fields.object();
        delta.put("content", text);
        return delta(index, delta, null);
    }

    /** A chunk with one tool-call delta for choice {@code index}. */
    public ObjectNode toolCall(int index, ObjectNode toolCallDelta) {
        ObjectNode delta = Fields.object();
        delta.putArray("tool_calls").add(toolCallDelta);
        return delta(index, delta, null);
    }

    /** The chunk that ends choice {@code index} with {@code finishReason}. */
    public ObjectNode finish(int index, @Nullable String finishReason) {
        return delta(index, Fields.object(), finishReason);
    }

    /** The closing chunk: no choices, only usage. */
    public ObjectNode usage(ObjectNode usage) {
        ObjectNode chunk = base();
        chunk.putArray("choices");
        chunk.set("usage", usage);
        return chunk;
    }

    private ObjectNode delta(int index, ObjectNode delta, @Nullable String finishReason) {
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
