package dev.helix.gateway.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.helix.gateway.provider.StreamTranslator;
import dev.helix.gateway.provider.format.Chat;
import dev.helix.gateway.provider.format.Chunks;
import dev.helix.gateway.provider.format.Fields;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Translates one streamed Anthropic Messages response, event by event, into OpenAI
 * {@code chat.completion.chunk} objects. Stateful and not thread-safe: one instance per streamed response.
 *
 * <p>Implementation notes:
 * <ul>
 *   <li>all chunks share one id ({@code chatcmpl-} + the Anthropic message id from {@code message_start}),
 *       one {@code created} and the client's model name;</li>
 *   <li>{@code message_start} gives the role chunk and the input token counts;</li>
 *   <li>each {@code tool_use} block gets the next OpenAI tool-call index (0, 1, ...): its start sends id and
 *       name, each {@code input_json_delta} an argument fragment. A tool block that streamed no fragment at all
 *       (a call without arguments) sends {@code "{}"} when it stops, so clients always get parseable JSON;</li>
 *   <li>{@code thinking}, {@code signature} and {@code citations} deltas are not passed on, nor is the input of
 *       server-tool blocks (Helix never requests server tools);</li>
 *   <li>{@code message_delta} carries the stop reason (one finish chunk) and cumulative usage;</li>
 *   <li>{@code message_stop} ends the stream, with a usage chunk ({@code choices: []}) when usage was asked for;</li>
 *   <li>{@code ping} and event types unknown here are ignored, as Anthropic's versioning policy asks;
 *       an {@code error} event throws {@link AnthropicStreamException}.</li>
 * </ul>
 */
public final class AnthropicStream implements StreamTranslator {
    private final Chunks chunks;
    private final boolean includeUsage;
    private final UsageCounts usage = new UsageCounts();
    private final Map<Integer, ToolBlock> toolBlocks = new HashMap<>();
    private final Set<Integer> startedBlocks = new HashSet<>();
    private int nextToolIndex;
    private boolean finished;

    /** A stream whose chunks name {@code clientModel}; {@code includeUsage} adds the final usage chunk. */
    public AnthropicStream(String clientModel, boolean includeUsage) {
        this(clientModel, includeUsage, Clock.systemUTC());
    }

    /** As {@link #AnthropicStream(String, boolean)}, with {@code created} read from {@code clock}. */
    public AnthropicStream(String clientModel, boolean includeUsage, Clock clock) {
        this.chunks = Chunks.forClient(clientModel, includeUsage, clock);
        this.includeUsage = includeUsage;
    }

    /**
     * One SSE event (event name + parsed data) to zero or more OpenAI chunks to send, in order. When
     * {@code event} is null or blank the data's {@code type} field names the event.
     *
     * @throws AnthropicStreamException on an {@code error} event
     */
    @Override
    public List<ObjectNode> accept(@Nullable String event, JsonNode data) {
        JsonNode body = data == null ? MissingNode.getInstance() : data;
        String type =
                event != null && !event.isBlank() ? event : body.path("type").asText("");
        return switch (type) {
            case "message_start" -> messageStart(body.path("message"));
            case "content_block_start" -> blockStart(body.path("index").asInt(), body.path("content_block"));
            case "content_block_delta" -> blockDelta(body.path("index").asInt(), body.path("delta"));
            case "content_block_stop" -> blockStop(body.path("index").asInt());
            case "message_delta" -> messageDelta(body);
            case "message_stop" -> messageStop();
            case "error" ->
                throw new AnthropicStreamException(
                        body.path("error").path("type").asText("error"),
                        body.path("error").path("message").asText(""));
            default -> List.of();
        };
    }

    /** True once {@code message_stop} was seen. */
    @Override
    public boolean finished() {
        return finished;
    }

    /** Usage so far as an OpenAI usage object (prompt/completion/total + details), or null if none was seen. */
    @Override
    public List<ObjectNode> atEnd() {
        return List.of();
    }

    @Override
    public @Nullable ObjectNode usage() {
        return usage.toOpenAi();
    }

    private List<ObjectNode> messageStart(JsonNode message) {
        String id = message.path("id").asText(null);
        if (id != null) {
            chunks.id("chatcmpl-" + id);
        }
        usage.update(message.get("usage"));
        return List.of(chunks.role(0));
    }

    private List<ObjectNode> blockStart(int blockIndex, JsonNode block) {
        startedBlocks.add(blockIndex);
        String type = block.path("type").asText("");
        if (type.equals("text")) {
            return text(block.path("text").asText(""));
        }
        if (!type.equals("tool_use")) {
            return List.of();
        }
        ToolBlock tool = new ToolBlock(nextToolIndex++, block.path("input"));
        toolBlocks.put(blockIndex, tool);
        ObjectNode call =
                Chat.toolCall(block.path("id").asText(""), block.path("name").asText(""), "");
        return List.of(
                chunks.toolCall(0, Fields.object().put("index", tool.index).setAll(call)));
    }

    private List<ObjectNode> blockDelta(int blockIndex, JsonNode delta) {
        return switch (delta.path("type").asText("")) {
            case "text_delta" -> text(delta.path("text").asText(""));
            case "input_json_delta" ->
                toolArguments(blockIndex, delta.path("partial_json").asText(""));
            default -> List.of();
        };
    }

    private List<ObjectNode> blockStop(int blockIndex) {
        ToolBlock tool = toolBlocks.get(blockIndex);
        if (tool == null || tool.argumentsSent) {
            return List.of();
        }
        return arguments(tool, tool.startInput);
    }

    private List<ObjectNode> messageDelta(JsonNode body) {
        usage.update(body.get("usage"));
        String stopReason = body.path("delta").path("stop_reason").asText(null);
        if (stopReason == null) {
            return List.of();
        }
        return List.of(chunks.finish(0, ResponseTranslator.finishReason(stopReason)));
    }

    private List<ObjectNode> messageStop() {
        finished = true;
        ObjectNode totals = usage.toOpenAi();
        return includeUsage && totals != null ? List.of(chunks.usage(totals)) : List.of();
    }

    private List<ObjectNode> text(String text) {
        return text.isEmpty() ? List.of() : List.of(chunks.content(0, text));
    }

    private List<ObjectNode> arguments(ToolBlock tool, String fragment) {
        if (fragment.isEmpty()) {
            return List.of();
        }
        tool.argumentsSent = true;
        ObjectNode call = Fields.object().put("index", tool.index);
        call.putObject("function").put("arguments", fragment);
        return List.of(chunks.toolCall(0, call));
    }

    /** Arguments of a tool_use block; a server tool's input (never requested by Helix) is not passed on. */
    private List<ObjectNode> toolArguments(int blockIndex, String fragment) {
        ToolBlock tool = toolBlocks.get(blockIndex);
        if (tool != null) {
            return arguments(tool, fragment);
        }
        if (!startedBlocks.contains(blockIndex)) {
            throw new IllegalArgumentException(
                    "content_block_delta input_json_delta for block " + blockIndex + ", which never started");
        }
        return List.of();
    }

    /** A tool_use content block in flight: its OpenAI tool-call index and whether arguments went out yet. */
    private static final class ToolBlock {
        private final int index;
        private final String startInput;
        private boolean argumentsSent;

        private ToolBlock(int index, JsonNode startInput) {
            this.index = index;
            this.startInput = startInput.isObject() ? Fields.write(startInput) : "{}";
        }
    }
}
