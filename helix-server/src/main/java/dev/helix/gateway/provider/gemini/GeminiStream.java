package dev.helix.gateway.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.helix.gateway.provider.StreamErrorException;
import dev.helix.gateway.provider.StreamTranslator;
import dev.helix.gateway.provider.format.Chunks;
import dev.helix.gateway.provider.format.Fields;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Translates one streamed Gemini response ({@code streamGenerateContent?alt=sse}), payload by payload, into
 * OpenAI {@code chat.completion.chunk} objects. Stateful and not thread-safe: one instance per streamed response.
 *
 * <p>Implementation notes:
 * <ul>
 *   <li>all chunks share one id ({@code chatcmpl-} + Gemini's {@code responseId} from the first payload), one
 *       {@code created} and the client's model name;</li>
 *   <li>each candidate is a choice; the first time a candidate appears it gets a role chunk (a first payload
 *       without candidates gives the role chunk of choice 0);</li>
 *   <li>text parts (not thoughts) become content deltas. Gemini sends each function call whole, so each becomes
 *       one tool-call delta with id, name and complete arguments, its index counting from 0 per choice;</li>
 *   <li>a {@code finishReason} gives a finish chunk, mapped as in {@link ResponseTranslator}; a blocked prompt
 *       (no candidates, {@code promptFeedback.blockReason}) finishes choice 0 with {@code content_filter};</li>
 *   <li>{@code usageMetadata} is cumulative, so the last one seen wins; {@link #finish()} sends it.</li>
 * </ul>
 */
public final class GeminiStream implements StreamTranslator {
    private final Chunks chunks;
    private final boolean includeUsage;
    private final Set<Integer> startedChoices = new HashSet<>();
    private final Map<Integer, Integer> toolCallCounts = new HashMap<>();
    private boolean idTaken;
    private boolean sawFinishReason;
    private @Nullable ObjectNode usage;

    /** A stream whose chunks name {@code clientModel}; {@code includeUsage} adds the final usage chunk. */
    public GeminiStream(String clientModel, boolean includeUsage) {
        this(clientModel, includeUsage, Clock.systemUTC());
    }

    /** As {@link #GeminiStream(String, boolean)}, with {@code created} read from {@code clock}. */
    public GeminiStream(String clientModel, boolean includeUsage, Clock clock) {
        this.chunks = Chunks.forClient(clientModel, includeUsage, clock);
        this.includeUsage = includeUsage;
    }

    /** One SSE event of the stream: an error payload ends it, anything else is {@link #accept(JsonNode)}ed. */
    @Override
    public List<ObjectNode> accept(@Nullable String event, JsonNode data) {
        if (data.has("error")) {
            throw new StreamErrorException(GeminiFormat.errorMessage(data));
        }
        return accept(data);
    }

    @Override
    public boolean finished() {
        return sawFinishReason();
    }

    @Override
    public List<ObjectNode> atEnd() {
        return finish();
    }

    public List<ObjectNode> accept(JsonNode data) {
        Fields.requireObject(data, "gemini stream payload");
        takeId(data);
        ObjectNode latestUsage = ResponseTranslator.usage(data.get("usageMetadata"));
        if (latestUsage != null) {
            usage = latestUsage;
        }
        List<ObjectNode> out = new ArrayList<>();
        ArrayNode candidates = Fields.optionalArray(data, "candidates", "");
        if (candidates == null || candidates.isEmpty()) {
            withoutCandidates(data, out);
        } else {
            for (int i = 0; i < candidates.size(); i++) {
                candidate(candidates.get(i), i, out);
            }
        }
        return out;
    }

    /** Chunks to send after the upstream stream ended cleanly: the usage chunk, if usage was asked for. */
    public List<ObjectNode> finish() {
        return includeUsage && usage != null ? List.of(chunks.usage(usage)) : List.of();
    }

    /** True once any candidate carried a {@code finishReason} (or the prompt was blocked). */
    public boolean sawFinishReason() {
        return sawFinishReason;
    }

    /** Usage so far as an OpenAI usage object, or null if none was seen. */
    @Override
    public @Nullable ObjectNode usage() {
        return usage == null ? null : usage.deepCopy();
    }

    private void takeId(JsonNode data) {
        String id = data.path("responseId").asText("");
        if (!idTaken && !id.isEmpty()) {
            chunks.id("chatcmpl-" + id);
        }
        idTaken = true;
    }

    private void withoutCandidates(JsonNode data, List<ObjectNode> out) {
        if (ResponseTranslator.blocked(data)) {
            start(0, out);
            out.add(chunks.finish(0, "content_filter"));
            sawFinishReason = true;
        } else if (startedChoices.isEmpty()) {
            start(0, out);
        }
    }

    private void candidate(JsonNode candidate, int position, List<ObjectNode> out) {
        int choice = ResponseTranslator.index(candidate, position);
        start(choice, out);
        String text = ResponseTranslator.text(candidate);
        if (!text.isEmpty()) {
            out.add(chunks.content(choice, text));
        }
        for (ObjectNode call : ResponseTranslator.toolCalls(candidate)) {
            int index = toolCallCounts.merge(choice, 1, Integer::sum) - 1;
            out.add(chunks.toolCall(choice, Fields.object().put("index", index).setAll(call)));
        }
        String reason = candidate.path("finishReason").asText("");
        if (!reason.isEmpty()) {
            out.add(chunks.finish(choice, ResponseTranslator.finishReason(reason, toolCallCounts.containsKey(choice))));
            sawFinishReason = true;
        }
    }

    private void start(int choice, List<ObjectNode> out) {
        if (startedChoices.add(choice)) {
            out.add(chunks.role(choice));
        }
    }
}
