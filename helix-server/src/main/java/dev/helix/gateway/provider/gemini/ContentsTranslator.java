package dev.helix.gateway.provider.gemini;

import static dev.helix.gateway.provider.format.Fields.at;
import static dev.helix.gateway.provider.format.Fields.invalid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.helix.gateway.provider.format.Fields;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns OpenAI {@code messages} into Gemini {@code contents} and {@code systemInstruction}.
 *
 * <p>Implementation notes:
 * <ul>
 *   <li>system and developer messages are joined (blank line between) into one {@code systemInstruction};</li>
 *   <li>assistant messages become role {@code model}; their {@code tool_calls} become {@code functionCall}
 *       parts, carrying {@code extra_content.google.thought_signature} back as {@code thoughtSignature}
 *       (Gemini 3 refuses a function call in the history without the signature it was issued with);</li>
 *   <li>{@code tool} messages become role {@code user} with a {@code functionResponse} part
 *       {@code {name, response: {content}}}: Gemini matches responses by function name, which is looked up
 *       from the nearest earlier assistant tool call with the same id. The content is parsed as JSON when it
 *       is JSON, else sent as text;</li>
 *   <li>consecutive contents of the same role are merged, so the responses to parallel calls travel together
 *       as Gemini expects;</li>
 *   <li>a message left with no parts (empty text) is skipped; nothing with content is dropped.</li>
 * </ul>
 */
final class ContentsTranslator {
    private final List<String> system = new ArrayList<>();
    private final ArrayNode contents = Fields.array();
    private final Map<String, String> functionNames = new HashMap<>();

    private ContentsTranslator() {
    }

    static ContentsTranslator translate(JsonNode chatRequest) {
        ArrayNode messages = Fields.optionalArray(chatRequest, "messages", "");
        if (messages == null || messages.isEmpty()) {
            throw invalid("messages", "must be a non-empty array");
        }
        ContentsTranslator translator = new ContentsTranslator();
        for (int i = 0; i < messages.size(); i++) {
            translator.add(messages.get(i), at("messages", i));
        }
        if (translator.contents.isEmpty()) {
            throw invalid("messages", "has no user or assistant content to send");
        }
        return translator;
    }

    /** {@code {parts:[{text}]}}, or null when there was no system or developer message. */
    ObjectNode systemInstruction() {
        if (system.isEmpty()) {
            return null;
        }
        ObjectNode instruction = Fields.object();
        instruction.putArray("parts").add(Parts.textPart(String.join("\n\n", system)));
        return instruction;
    }

    ArrayNode contents() {
        return contents;
    }

    private void add(JsonNode message, String path) {
        Fields.requireObject(message, path);
        String role = Fields.requiredText(message, "role", path);
        JsonNode content = Fields.given(message, "content");
        switch (role) {
            case "system", "developer" -> system.add(Parts.text(content, at(path, "content")));
            case "user" -> append("user", Parts.user(content, at(path, "content")));
            case "assistant" -> append("model", model(message, path));
            case "tool" -> append("user", Fields.array().add(functionResponse(message, path)));
            case "function" -> throw invalid(at(path, "role"),
                    "'function' (deprecated function calling) is not supported; use tools and tool messages");
            default -> throw invalid(at(path, "role"),
                    "'" + role + "' is not one of system, developer, user, assistant, tool");
        }
    }

    private void append(String role, ArrayNode parts) {
        if (parts.isEmpty()) {
            return;
        }
        JsonNode last = contents.isEmpty() ? null : contents.get(contents.size() - 1);
        if (last != null && last.get("role").asText().equals(role)) {
            ((ArrayNode) last.get("parts")).addAll(parts);
            return;
        }
        ObjectNode content = contents.addObject();
        content.put("role", role);
        content.set("parts", parts);
    }

    private ArrayNode model(JsonNode message, String path) {
        if (Fields.given(message, "function_call") != null) {
            throw invalid(at(path, "function_call"), "(deprecated function calling) is not supported; use tool_calls");
        }
        ArrayNode parts = Parts.model(Fields.given(message, "content"), at(path, "content"));
        ArrayNode toolCalls = Fields.optionalArray(message, "tool_calls", path);
        if (toolCalls != null) {
            for (int i = 0; i < toolCalls.size(); i++) {
                parts.add(functionCall(toolCalls.get(i), at(at(path, "tool_calls"), i)));
            }
        }
        return parts;
    }

    private ObjectNode functionCall(JsonNode call, String path) {
        Fields.requireObject(call, path);
        String type = Fields.optionalText(call, "type", path);
        if (type != null && !type.equals("function")) {
            throw invalid(at(path, "type"), "'" + type + "' is not supported by gemini deployments here");
        }
        ObjectNode function = Fields.requiredObject(call, "function", path);
        String functionPath = at(path, "function");
        String name = Fields.requiredText(function, "name", functionPath);
        functionNames.put(Fields.requiredText(call, "id", path), name);
        ObjectNode part = Fields.object();
        ObjectNode functionCall = part.putObject("functionCall");
        functionCall.put("name", name);
        functionCall.set("args", Fields.arguments(Fields.given(function, "arguments"), at(functionPath, "arguments")));
        String signature = call.path("extra_content").path("google").path("thought_signature").asText(null);
        if (signature != null) {
            part.put("thoughtSignature", signature);
        }
        return part;
    }

    private ObjectNode functionResponse(JsonNode message, String path) {
        String id = Fields.requiredText(message, "tool_call_id", path);
        String name = functionNames.get(id);
        if (name == null) {
            throw invalid(at(path, "tool_call_id"), "'" + id + "' matches no tool call of an earlier assistant"
                    + " message; gemini needs that call's function name");
        }
        String text = Parts.text(Fields.given(message, "content"), at(path, "content"));
        JsonNode parsed = Fields.parseOrNull(text);
        ObjectNode part = Fields.object();
        ObjectNode response = part.putObject("functionResponse").put("name", name).putObject("response");
        response.set("content", parsed != null ? parsed : TextNode.valueOf(text));
        return part;
    }
}
