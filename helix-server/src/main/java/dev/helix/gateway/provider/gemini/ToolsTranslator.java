package dev.helix.gateway.provider.gemini;

import static dev.helix.gateway.provider.format.Fields.at;
import static dev.helix.gateway.provider.format.Fields.invalid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.helix.gateway.provider.format.Fields;

/**
 * Maps OpenAI {@code tools} and {@code tool_choice} to Gemini {@code tools[].functionDeclarations} and
 * {@code toolConfig.functionCallingConfig}. Parameter schemas go through {@link SchemaCleaner}; a schema with
 * no properties is left out, because Gemini refuses an OBJECT without properties. Gemini has no switch for
 * parallel calls, so {@code parallel_tool_calls} is ignored.
 */
final class ToolsTranslator {
    private ToolsTranslator() {
    }

    static void apply(JsonNode chat, ObjectNode out) {
        ArrayNode tools = Fields.optionalArray(chat, "tools", "");
        if (tools == null || tools.isEmpty()) {
            return;
        }
        ArrayNode declarations = out.putArray("tools").addObject().putArray("functionDeclarations");
        for (int i = 0; i < tools.size(); i++) {
            declarations.add(declaration(tools.get(i), at("tools", i)));
        }
        JsonNode choice = Fields.given(chat, "tool_choice");
        if (choice != null) {
            out.putObject("toolConfig").set("functionCallingConfig", callingConfig(choice));
        }
    }

    private static ObjectNode declaration(JsonNode tool, String path) {
        Fields.requireObject(tool, path);
        String type = Fields.requiredText(tool, "type", path);
        if (!type.equals("function")) {
            throw invalid(at(path, "type"), "'" + type + "' is not supported by gemini deployments here");
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
        if (parameters != null) {
            ObjectNode schema = SchemaCleaner.clean(parameters, at(functionPath, "parameters"));
            if (!schema.path("properties").isEmpty()) {
                out.set("parameters", schema);
            }
        }
        return out;
    }

    private static ObjectNode callingConfig(JsonNode choice) {
        ObjectNode config = Fields.object();
        if (choice.isTextual()) {
            return switch (choice.asText()) {
                case "auto" -> config.put("mode", "AUTO");
                case "required" -> config.put("mode", "ANY");
                case "none" -> config.put("mode", "NONE");
                default -> throw invalid("tool_choice", "'" + choice.asText() + "' is not one of auto, required, none");
            };
        }
        String type = Fields.requiredText(choice, "type", "tool_choice");
        if (!type.equals("function")) {
            throw invalid("tool_choice.type", "'" + type + "' is not supported by gemini deployments here");
        }
        ObjectNode function = Fields.requiredObject(choice, "function", "tool_choice");
        config.put("mode", "ANY");
        config.putArray("allowedFunctionNames").add(Fields.requiredText(function, "name", "tool_choice.function"));
        return config;
    }
}
