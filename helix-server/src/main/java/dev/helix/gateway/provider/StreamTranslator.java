package dev.helix.gateway.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Turns one provider's stream events into OpenAI {@code chat.completion.chunk} objects; one per streamed response.
 * {@link #accept} throws {@link StreamErrorException} for an error the provider sends inside the stream, and
 * {@link IllegalArgumentException} for an event it cannot read.
 */
public interface StreamTranslator {
    /** The chunks one upstream event (its name may be null) with JSON {@code data} gives. */
    List<ObjectNode> accept(@Nullable String event, JsonNode data);

    /** Whether the provider has marked the end of its answer. */
    boolean finished();

    /** Chunks to send after the upstream stream ended properly (e.g. a final usage chunk). */
    List<ObjectNode> atEnd();

    /** Usage so far as an OpenAI usage object, or null if none was reported. */
    @Nullable
    ObjectNode usage();
}
