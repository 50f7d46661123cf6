package dev.helix.gateway.provider.anthropic;

import static dev.helix.gateway.provider.anthropic.AnthropicFormat.PROVIDER;
import static dev.helix.gateway.provider.format.Fields.invalid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.helix.gateway.provider.format.Fields;
import dev.helix.gateway.provider.format.FunctionTool;
import dev.helix.gateway.provider.format.ToolChoice;
import org.jspecify.annotations.Nullable;

/**
 * Maps OpenAI {@code tools}, {@code tool_choice} and {@code parallel_tool_calls} to Anthropic's {@code tools} and
 * {@code tool_choice}. Tools without {@code parameters} get an empty object schema, which Anthropic requires.
 */
final class ToolsTranslator {
    private ToolsTranslator() {}

    static void apply(JsonNode chat, ObjectNode out) {
        ArrayNode declared = FunctionTool.declarations(chat, PROVIDER, ToolsTranslator::tool);
        if (declared.isEmpty()) {
            return;
        }
        out.set("tools", declared);
        ToolChoice requested = ToolChoice.read(chat, PROVIDER);
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

    private static ObjectNode tool(FunctionTool tool) {
        ObjectNode out = tool.nameAndDescription();
        out.set("input_schema", tool.parameters() != null ? tool.parameters().deepCopy() : emptySchema());
        return out;
    }

    private static ObjectNode emptySchema() {
        ObjectNode schema = Fields.object().put("type", "object");
        schema.putObject("properties");
        return schema;
    }

    private static ObjectNode toolChoice(@Nullable ToolChoice choice) {
        if (choice == null) {
            return Fields.object().put("type", "auto");
        }
        return switch (choice.mode()) {
            case AUTO -> Fields.object().put("type", "auto");
            case REQUIRED -> Fields.object().put("type", "any");
            case NONE -> Fields.object().put("type", "none");
            case FUNCTION -> Fields.object().put("type", "tool").put("name", choice.function());
        };
    }
}
