package dev.helix.gateway.provider.gemini;

import static dev.helix.gateway.provider.gemini.GeminiFormat.PROVIDER;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.helix.gateway.provider.format.Fields;
import dev.helix.gateway.provider.format.FunctionTool;
import dev.helix.gateway.provider.format.ToolChoice;

/**
 * Maps OpenAI {@code tools} and {@code tool_choice} to Gemini {@code tools[].functionDeclarations} and
 * {@code toolConfig.functionCallingConfig}. Parameter schemas go through {@link SchemaCleaner}; a schema with
 * no properties is left out, because Gemini refuses an OBJECT without properties. Gemini has no switch for
 * parallel calls, so {@code parallel_tool_calls} is ignored.
 */
final class ToolsTranslator {
    private ToolsTranslator() {}

    static void apply(JsonNode chat, ObjectNode out) {
        ArrayNode declarations = FunctionTool.declarations(chat, PROVIDER, ToolsTranslator::declaration);
        if (declarations.isEmpty()) {
            return;
        }
        out.putArray("tools").addObject().set("functionDeclarations", declarations);
        ToolChoice choice = ToolChoice.read(chat, PROVIDER);
        if (choice != null) {
            out.putObject("toolConfig").set("functionCallingConfig", callingConfig(choice));
        }
    }

    private static ObjectNode declaration(FunctionTool tool) {
        ObjectNode out = tool.nameAndDescription();
        if (tool.parameters() != null) {
            ObjectNode schema = SchemaCleaner.clean(tool.parameters(), tool.parametersPath());
            if (!schema.path("properties").isEmpty()) {
                out.set("parameters", schema);
            }
        }
        return out;
    }

    private static ObjectNode callingConfig(ToolChoice choice) {
        ObjectNode config = Fields.object();
        return switch (choice.mode()) {
            case AUTO -> config.put("mode", "AUTO");
            case REQUIRED -> config.put("mode", "ANY");
            case NONE -> config.put("mode", "NONE");
            case FUNCTION -> {
                config.put("mode", "ANY");
                config.putArray("allowedFunctionNames").add(choice.function());
                yield config;
            }
        };
    }
}
