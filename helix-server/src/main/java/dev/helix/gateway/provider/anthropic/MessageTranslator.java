package dev.helix.gateway.provider.anthropic;

import static dev.helix.gateway.provider.format.Fields.at;
import static dev.helix.gateway.provider.format.Fields.invalid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.helix.gateway.provider.format.Fields;
import java.util.ArrayList;
import java.util.List;

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
final class MessageTranslator {
    private final List<String> system = new ArrayList<>();
    private final ArrayNode messages = Fields.array();

    private MessageTranslator() {
    }

    static MessageTranslator translate(JsonNode chatRequest) {
        ArrayNode chatMessages = Fields.optionalArray(chatRequest, "messages", "");
        if (chatMessages == null || chatMessages.isEmpty()) {
            throw invalid("messages", "must be a non-empty array");
        }
        MessageTranslator translator = new MessageTranslator();
        for (int i = 0; i < chatMessages.size(); i++) {
            translator.add(chatMessages.get(i), at("messages", i));
        }
        if (translator.messages.isEmpty()) {
            throw invalid("messages", "has no user or assistant content to send");
        }
        translator.messages.forEach(MessageTranslator::toolResultsFirst);
        return translator;
    }

    /** The system prompt, or null when there was no system or developer message. */
    String system() {
        return system.isEmpty() ? null : String.join("\n\n", system);
    }

    ArrayNode messages() {
        return messages;
    }

    private void add(JsonNode message, String path) {
        Fields.requireObject(message, path);
        String role = Fields.requiredText(message, "role", path);
        JsonNode content = Fields.given(message, "content");
        switch (role) {
            case "system", "developer" -> system.add(ContentBlocks.systemText(content, at(path, "content")));
            case "user" -> append("user", ContentBlocks.user(content, at(path, "content")));
            case "assistant" -> append("assistant", assistant(message, path));
            case "tool" -> append("user", Fields.array().add(toolResult(message, path)));
            case "function" -> throw invalid(at(path, "role"),
                    "'function' (deprecated function calling) is not supported; use tools and tool messages");
            default -> throw invalid(at(path, "role"),
                    "'" + role + "' is not one of system, developer, user, assistant, tool");
        }
    }

    private void append(String role, ArrayNode blocks) {
        if (blocks.isEmpty()) {
            return;
        }
        JsonNode last = messages.isEmpty() ? null : messages.get(messages.size() - 1);
        if (last != null && last.get("role").asText().equals(role)) {
            ((ArrayNode) last.get("content")).addAll(blocks);
            return;
        }
        ObjectNode message = messages.addObject();
        message.put("role", role);
        message.set("content", blocks);
    }

    private static ArrayNode assistant(JsonNode message, String path) {
        ArrayNode blocks = ContentBlocks.assistant(Fields.given(message, "content"), at(path, "content"));
        ArrayNode toolCalls = Fields.optionalArray(message, "tool_calls", path);
        if (toolCalls != null) {
            for (int i = 0; i < toolCalls.size(); i++) {
                blocks.add(toolUse(toolCalls.get(i), at(at(path, "tool_calls"), i)));
            }
        }
        if (Fields.given(message, "function_call") != null) {
            throw invalid(at(path, "function_call"), "(deprecated function calling) is not supported; use tool_calls");
        }
        return blocks;
    }

    private static ObjectNode toolUse(JsonNode call, String path) {
        Fields.requireObject(call, path);
        String type = Fields.optionalText(call, "type", path);
        if (type != null && !type.equals("function")) {
            throw invalid(at(path, "type"), "'" + type + "' is not supported by anthropic deployments here");
        }
        ObjectNode function = Fields.requiredObject(call, "function", path);
        String functionPath = at(path, "function");
        ObjectNode block = Fields.object();
        block.put("type", "tool_use");
        block.put("id", Fields.requiredText(call, "id", path));
        block.put("name", Fields.requiredText(function, "name", functionPath));
        block.set("input", Fields.arguments(Fields.given(function, "arguments"), at(functionPath, "arguments")));
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
