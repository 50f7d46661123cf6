package dev.helix.gateway.provider.anthropic;

import static dev.helix.gateway.provider.format.Fields.at;
import static dev.helix.gateway.provider.format.Fields.invalid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.helix.gateway.provider.format.Fields;

/**
 * Maps OpenAI {@code tools}, {@code tool_choice} and {@code parallel_tool_calls} to Anthropic's {@code tools} and
 * {@code tool_choice}. Tools without {@code parameters} get an empty object schema, which Anthropic requires.
 */
final class ToolsTranslator {
    private ToolsTranslator() {
    }

    static void apply(JsonNode chat, ObjectNode out) {
        ArrayNode tools = Fields.optionalArray(chat, "tools", "");
        if (tools == null || tools.isEmpty()) {
            return;
        }
        ArrayNode declared = out.putArray("tools");
        for (int i = 0; i < tools.size(); i++) {
            declared.add(tool(tools.get(i), at("tools", i)));
        }
        JsonNode requested = Fields.given(chat, "tool_choice");
        ObjectNode choice = toolChoice(requested);
        boolean serial = serial(chat);
        if (serial && !choice.get("type").asText().equals("none")) {
            choice.put("disable_parallel_tool_use", true);
        }
        if (requested != null || serial) {
            out.set("tool_choice", choice);
        }
    }

    private static boolean serial(JsonNode chat) {
        JsonNode parallel = Fields.given(chat, "parallel_tool_calls");
        if (parallel != null && !parallel.isBoolean()) {
            throw invalid("parallel_tool_calls", "must be a boolean");
        }
        return parallel != null && !parallel.asBoolean();
    }

    private static ObjectNode tool(JsonNode tool, String path) {
        Fields.requireObject(tool, path);
        String type = Fields.requiredText(tool, "type", path);
        if (!type.equals("function")) {
            throw invalid(at(path, "type"), "'" + type + "' is not supported by anthropic deployments here");
        }
        ObjectNode function = Fields.requiredObject(tool, "function", path);
        String functionPath = at(path, "function");
        ObjectNode out = Fields.object();
        out.put("name", Fields.requiredText(function, "name", functionPath));
        String description = Fields.optionalText(function, "description", functionPath);
        if (description != null) {
            out.put("description", description);
        }
        JsonNode parameters = Fields.given(function, "parameters");
        if (parameters != null && !parameters.isObject()) {
            throw invalid(at(functionPath, "parameters"), "must be a JSON schema object");
        }
        out.set("input_schema", parameters != null ? parameters.deepCopy() : emptySchema());
        return out;
    }

    private static ObjectNode emptySchema() {
        ObjectNode schema = Fields.object().put("type", "object");
        schema.putObject("properties");
        return schema;
    }

    private static ObjectNode toolChoice(JsonNode choice) {
        if (choice == null) {
            return Fields.object().put("type", "auto");
        }
        if (choice.isTextual()) {
            return switch (choice.asText()) {
                case "auto" -> Fields.object().put("type", "auto");
                case "required" -> Fields.object().put("type", "any");
                case "none" -> Fields.object().put("type", "none");
                default -> throw invalid("tool_choice", "'" + choice.asText() + "' is not one of auto, required, none");
            };
        }
        String type = Fields.requiredText(choice, "type", "tool_choice");
        if (!type.equals("function")) {
            throw invalid("tool_choice.type", "'" + type + "' is not supported by anthropic deployments here");
        }
        ObjectNode function = Fields.requiredObject(choice, "function", "tool_choice");
        String name = Fields.requiredText(function, "name", "tool_choice.function");
        return Fields.object().put("type", "tool").put("name", name);
    }
}
