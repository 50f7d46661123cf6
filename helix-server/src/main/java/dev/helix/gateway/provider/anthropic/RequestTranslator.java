package dev.helix.gateway.provider.anthropic;

import static dev.helix.gateway.provider.format.Fields.invalid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.helix.gateway.provider.format.Fields;
import dev.helix.gateway.provider.format.FunctionTool;
import org.jspecify.annotations.Nullable;

/**
 * Builds a Messages API request body from an OpenAI chat request (the messages themselves are
 * {@link MessageTranslator}'s job).
 *
 * <p>Implementation notes:
 * <ul>
 *   <li>{@code max_completion_tokens} wins over {@code max_tokens}; without either, {@value #DEFAULT_MAX_TOKENS}
 *       is sent because Anthropic requires the field;</li>
 *   <li>{@code temperature} above 1 is refused (Anthropic's range is 0..1, OpenAI's 0..2) rather than clamped;</li>
 *   <li>{@code top_p: 1} (no truncation, a common client default) is not sent: recent Claude models refuse
 *       temperature and top_p together, and leaving out a no-op keeps such requests working;</li>
 *   <li>{@code tool_choice: "none"} is sent as {@code {type: none}} with the tools kept, because Anthropic refuses
 *       a history holding {@code tool_use} blocks when no tools are defined;</li>
 *   <li>{@code parallel_tool_calls: false} becomes {@code disable_parallel_tool_use} on the tool choice;</li>
 *   <li>Anthropic has no JSON mode: {@code response_format} json_object / json_schema appends an instruction
 *       (with the schema) to the system prompt. It is a request to the model, not a guarantee;</li>
 *   <li>fields without an Anthropic counterpart ({@code presence_penalty}, {@code frequency_penalty},
 *       {@code seed}, {@code logprobs}, {@code logit_bias}, {@code stream_options}, ...) are ignored.</li>
 * </ul>
 */
final class RequestTranslator {
    static final int DEFAULT_MAX_TOKENS = 4096;

    private RequestTranslator() {}

    static ObjectNode translate(JsonNode chat, String upstreamModel, boolean stream) {
        Fields.requireObject(chat, "chat completion request");
        refuseUnsupported(chat);
        MessageTranslator messages = MessageTranslator.translate(chat);
        ObjectNode out = Fields.object();
        out.put("model", upstreamModel);
        out.put("max_tokens", maxTokens(chat));
        String system = withFormatInstruction(messages.system(), chat);
        if (system != null) {
            out.put("system", system);
        }
        out.set("messages", messages.messages());
        sampling(chat, out);
        String user = Fields.optionalText(chat, "user", "");
        if (user != null) {
            out.putObject("metadata").put("user_id", user);
        }
        ToolsTranslator.apply(chat, out);
        out.put("stream", stream);
        return out;
    }

    private static void refuseUnsupported(JsonNode chat) {
        Integer n = Fields.optionalPositiveInt(chat, "n", "");
        if (n != null && n > 1) {
            throw new IllegalArgumentException("n > 1 is not supported by anthropic deployments");
        }
        FunctionTool.refuseFunctions(chat);
    }

    private static int maxTokens(JsonNode chat) {
        Integer maxTokens = Fields.maxTokens(chat);
        return maxTokens != null ? maxTokens : DEFAULT_MAX_TOKENS;
    }

    private static void sampling(JsonNode chat, ObjectNode out) {
        Double temperature = Fields.optionalNumber(chat, "temperature", "");
        if (temperature != null) {
            if (temperature < 0 || temperature > 1) {
                throw invalid("temperature", "must be between 0 and 1 for anthropic deployments, got " + temperature);
            }
            out.set("temperature", chat.get("temperature"));
        }
        Double topP = Fields.optionalNumber(chat, "top_p", "");
        if (topP != null && topP != 1.0) {
            out.set("top_p", chat.get("top_p"));
        }
        ArrayNode stop = Fields.stopSequences(chat);
        if (!stop.isEmpty()) {
            out.set("stop_sequences", stop);
        }
    }

    private static @Nullable String withFormatInstruction(@Nullable String system, JsonNode chat) {
        String instruction = formatInstruction(Fields.given(chat, "response_format"));
        if (instruction == null) {
            return system;
        }
        return system == null ? instruction : system + "\n\n" + instruction;
    }

    private static @Nullable String formatInstruction(@Nullable JsonNode format) {
        if (format == null) {
            return null;
        }
        String type = Fields.requiredText(format, "type", "response_format");
        return switch (type) {
            case "text" -> null;
            case "json_object" ->
                "Respond with a single valid JSON object and nothing else: no prose, no Markdown" + " code fences.";
            case "json_schema" -> schemaInstruction(Fields.requiredObject(format, "json_schema", "response_format"));
            default ->
                throw invalid(
                        "response_format.type", "'" + type + "' is not one of text, json_object," + " json_schema");
        };
    }

    private static String schemaInstruction(ObjectNode jsonSchema) {
        ObjectNode schema = Fields.requiredObject(jsonSchema, "schema", "response_format.json_schema");
        String name = Fields.optionalText(jsonSchema, "name", "response_format.json_schema");
        return "Respond with a single valid JSON value that conforms to the following JSON Schema"
                + (name == null ? "" : " (named \"" + name + "\")")
                + ", and nothing else: no prose, no Markdown code fences.\n" + Fields.write(schema);
    }
}
