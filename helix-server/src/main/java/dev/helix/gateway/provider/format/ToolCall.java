package dev.helix.gateway.provider.format;

import static dev.helix.gateway.provider.format.Fields.at;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;

/**
 * One entry of an assistant message's {@code tool_calls}: {@code {id, type:"function", function:{name,
 * arguments}}}. Only the type and the {@code function} object are checked up front; {@link #id()},
 * {@link #name()} and {@link #arguments()} check their field when called, so a provider decides which error
 * comes first.
 */
public final class ToolCall {
    private final JsonNode call;
    private final ObjectNode function;
    private final String path;

    private ToolCall(JsonNode call, ObjectNode function, String path) {
        this.call = call;
        this.function = function;
        this.path = path;
    }

    /**
     * Calls {@code action} with each of the {@code tool_calls} of the assistant message at {@code path}, in order.
     * A call typed other than {@code function} is refused in {@code provider}'s name.
     */
    public static void forEach(JsonNode message, String path, String provider, Consumer<ToolCall> action) {
        ArrayNode calls = Fields.optionalArray(message, "tool_calls", path);
        for (int i = 0; calls != null && i < calls.size(); i++) {
            action.accept(read(calls.get(i), at(at(path, "tool_calls"), i), provider));
        }
    }

    private static ToolCall read(JsonNode call, String path, String provider) {
        Fields.requireObject(call, path);
        String type = Fields.optionalText(call, "type", path);
        if (type != null && !type.equals("function")) {
            throw Fields.unsupportedType(path, type, provider);
        }
        return new ToolCall(call, Fields.requiredObject(call, "function", path), path);
    }

    /** The call as sent, for fields only one provider reads. */
    public JsonNode json() {
        return call;
    }

    /** The required call {@code id}. */
    public String id() {
        return Fields.requiredText(call, "id", path);
    }

    /** The required {@code function.name}. */
    public String name() {
        return Fields.requiredText(function, "name", at(path, "function"));
    }

    /** {@code function.arguments} as an object, as {@link Fields#arguments(JsonNode, String)} reads it. */
    public ObjectNode arguments() {
        return Fields.arguments(Fields.given(function, "arguments"), at(path, "function.arguments"));
    }
}
