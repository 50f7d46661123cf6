package dev.helix.gateway.provider.gemini;

import static dev.helix.gateway.provider.format.Fields.at;
import static dev.helix.gateway.provider.format.Fields.invalid;
import static dev.helix.gateway.provider.gemini.GeminiFormat.PROVIDER;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.helix.gateway.provider.format.Fields;
import dev.helix.gateway.provider.format.Messages;
import dev.helix.gateway.provider.format.ToolCall;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

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
final class ContentsTranslator implements Messages.Handler {
    private final List<String> system = new ArrayList<>();
    private final ArrayNode contents = Fields.array();
    private final Map<String, String> functionNames = new HashMap<>();

    private ContentsTranslator() {}

    static ContentsTranslator translate(JsonNode chatRequest) {
        ContentsTranslator translator = new ContentsTranslator();
        Messages.forEach(chatRequest, translator);
        Messages.requireTurns(translator.contents);
        return translator;
    }

    /** {@code {parts:[{text}]}}, or null when there was no system or developer message. */
    @Nullable
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

    @Override
    public void systemMessage(@Nullable JsonNode content, String contentPath) {
        system.add(Parts.text(content, contentPath));
    }

    @Override
    public void userMessage(@Nullable JsonNode content, String contentPath) {
        Messages.append(contents, "user", "parts", Parts.user(content, contentPath));
    }

    @Override
    public void assistantMessage(JsonNode message, String path) {
        Messages.refuseFunctionCall(message, path);
        ArrayNode parts = Parts.model(Fields.given(message, "content"), at(path, "content"));
        ToolCall.forEach(message, path, PROVIDER, call -> parts.add(functionCall(call)));
        Messages.append(contents, "model", "parts", parts);
    }

    @Override
    public void toolMessage(JsonNode message, String path) {
        Messages.append(contents, "user", "parts", Fields.array().add(functionResponse(message, path)));
    }

    private ObjectNode functionCall(ToolCall call) {
        String name = call.name();
        functionNames.put(call.id(), name);
        ObjectNode part = Fields.object();
        ObjectNode functionCall = part.putObject("functionCall");
        functionCall.put("name", name);
        functionCall.set("args", call.arguments());
        String signature = call.json()
                .path("extra_content")
                .path("google")
                .path("thought_signature")
                .asText(null);
        if (signature != null) {
            part.put("thoughtSignature", signature);
        }
        return part;
    }

    private ObjectNode functionResponse(JsonNode message, String path) {
        String id = Fields.requiredText(message, "tool_call_id", path);
        String name = functionNames.get(id);
        if (name == null) {
            throw invalid(
                    at(path, "tool_call_id"),
                    "'" + id + "' matches no tool call of an earlier assistant"
                            + " message; gemini needs that call's function name");
        }
        String text = Parts.text(Fields.given(message, "content"), at(path, "content"));
        JsonNode parsed = Fields.parseOrNull(text);
        ObjectNode part = Fields.object();
        ObjectNode response =
                part.putObject("functionResponse").put("name", name).putObject("response");
        response.set("content", parsed != null ? parsed : TextNode.valueOf(text));
        return part;
    }
}
