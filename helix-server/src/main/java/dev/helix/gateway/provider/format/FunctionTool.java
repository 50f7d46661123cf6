package dev.helix.gateway.provider.format;

import static dev.helix.gateway.provider.format.Fields.at;
import static dev.helix.gateway.provider.format.Fields.invalid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One entry of an OpenAI {@code tools} array: {@code {type:"function", function:{name, description, parameters}}}.
 *
 * @param name           the function name
 * @param description    the description, or null
 * @param parameters     the parameters JSON schema, or null when not given
 * @param parametersPath the path of {@code parameters}, for errors found in the schema later
 */
public record FunctionTool(
        String name, @Nullable String description, @Nullable ObjectNode parameters, String parametersPath) {
    /**
     * The request's {@code tools}, each read and then turned into a provider declaration by {@code declare}, in
     * order; empty when there are none. A tool of a type other than {@code function} is refused in
     * {@code provider}'s name.
     */
    public static ArrayNode declarations(JsonNode chat, String provider, Function<FunctionTool, ObjectNode> declare) {
        ArrayNode declarations = Fields.array();
        ArrayNode tools = Fields.optionalArray(chat, "tools", "");
        for (int i = 0; tools != null && i < tools.size(); i++) {
            declarations.add(declare.apply(read(tools.get(i), at("tools", i), provider)));
        }
        return declarations;
    }

    /** Refuses the deprecated {@code functions} field (function calling before tools). */
    public static void refuseFunctions(JsonNode chat) {
        if (Fields.given(chat, "functions") != null) {
            throw invalid("functions", "(deprecated function calling) is not supported; use tools");
        }
    }

    /** Reads the tool at {@code path}; a parameters value that is not an object is refused. */
    public static FunctionTool read(JsonNode tool, String path, String provider) {
        Fields.requireObject(tool, path);
        String type = Fields.requiredText(tool, "type", path);
        if (!type.equals("function")) {
            throw Fields.unsupportedType(path, type, provider);
        }
        ObjectNode function = Fields.requiredObject(tool, "function", path);
        String functionPath = at(path, "function");
        String name = Fields.requiredText(function, "name", functionPath);
        String description = Fields.optionalText(function, "description", functionPath);
        JsonNode parameters = Fields.given(function, "parameters");
        String parametersPath = at(functionPath, "parameters");
        if (parameters != null && !parameters.isObject()) {
            throw invalid(parametersPath, "must be a JSON schema object");
        }
        return new FunctionTool(name, description, (ObjectNode) parameters, parametersPath);
    }

    /** A new {@code {name, description}} object (description only when given), to which a provider adds its schema. */
    public ObjectNode nameAndDescription() {
        ObjectNode out = Fields.object();
        out.put("name", name);
        if (description != null) {
            out.put("description", description);
        }
        return out;
    }
}
