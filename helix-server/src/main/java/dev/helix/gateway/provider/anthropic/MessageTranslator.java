package dev.helix.gateway.provider.anthropic;

import static dev.helix.gateway.provider.anthropic.AnthropicFormat.PROVIDER;
import static dev.helix.gateway.provider.format.Fields.at;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.helix.gateway.provider.format.Fields;
import dev.helix.gateway.provider.format.Messages;
import dev.helix.gateway.provider.format.ToolCall;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Turns OpenAI {@code messages} into Anthropic's top-level {@code system} text and its {@code messages}.
 *
 * <p>Implementation notes:
 * <ul>
 *   <li>system and developer messages, wherever they appear, are joined (blank line between) into one
 *       {@code system} string, in order;</li>
 *   <li>{@code tool} messages become {@code tool_result} blocks of a user message;</li>
 *   <li>Anthropic wants user and assistant turns to alternate, so consecutive messages of the same role
 *       (after the mapping above) are merged into one message, blocks in order;</li>
 *   <li>in a user message, {@code tool_result} blocks must come before any other block, so they are moved
 *       to the front (their relative order is kept);</li>
 *   <li>a message left with no blocks (empty text) is skipped; nothing with content is ever dropped.</li>
 * </ul>
 */
final class MessageTranslator implements Messages.Handler {
    private final List<String> system = new ArrayList<>();
    private final ArrayNode messages = Fields.array();

    private MessageTranslator() {}

    static MessageTranslator translate(JsonNode chatRequest) {
        MessageTranslator translator = new MessageTranslator();
        Messages.forEach(chatRequest, translator);
        Messages.requireTurns(translator.messages);
        translator.messages.forEach(MessageTranslator::toolResultsFirst);
        return translator;
    }

    /** The system prompt, or null when there was no system or developer message. */
    @Nullable
    String system() {
        return system.isEmpty() ? null : String.join("\n\n", system);
    }

    ArrayNode messages() {
        return messages;
    }

    @Override
    public void systemMessage(@Nullable JsonNode content, String contentPath) {
        system.add(ContentBlocks.systemText(content, contentPath));
    }

    @Override
    public void userMessage(@Nullable JsonNode content, String contentPath) {
        Messages.append(messages, "user", "content", ContentBlocks.user(content, contentPath));
    }

    @Override
    public void assistantMessage(JsonNode message, String path) {
        ArrayNode blocks = ContentBlocks.assistant(Fields.given(message, "content"), at(path, "content"));
        ToolCall.forEach(message, path, PROVIDER, call -> blocks.add(toolUse(call)));
        Messages.refuseFunctionCall(message, path);
        Messages.append(messages, "assistant", "content", blocks);
    }

    @Override
    public void toolMessage(JsonNode message, String path) {
        Messages.append(messages, "user", "content", Fields.array().add(toolResult(message, path)));
    }

    private static ObjectNode toolUse(ToolCall call) {
        ObjectNode block = Fields.object();
        block.put("type", "tool_use");
        block.put("id", call.id());
        block.put("name", call.name());
        block.set("input", call.arguments());
        return block;
    }

    private static ObjectNode toolResult(JsonNode message, String path) {
        ObjectNode block = Fields.object();
        block.put("type", "tool_result");
        block.put("tool_use_id", Fields.requiredText(message, "tool_call_id", path));
        JsonNode content = Fields.given(message, "content");
        if (content != null && content.isTextual()) {
            if (!content.asText().isEmpty()) {
                block.put("content", content.asText());
            }
        } else {
            ArrayNode blocks = ContentBlocks.user(content, at(path, "content"));
            if (!blocks.isEmpty()) {
                block.set("content", blocks);
            }
        }
        return block;
    }

    private static void toolResultsFirst(JsonNode message) {
        if (!message.get("role").asText().equals("user")) {
            return;
        }
        ArrayNode content = (ArrayNode) message.get("content");
        List<JsonNode> results = new ArrayList<>();
        List<JsonNode> others = new ArrayList<>();
        content.forEach(block -> (isToolResult(block) ? results : others).add(block));
        content.removeAll();
        content.addAll(results);
        content.addAll(others);
    }

    private static boolean isToolResult(JsonNode block) {
        return block.path("type").asText().equals("tool_result");
    }
}
