package dev.helix.gateway.provider.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.helix.internal.Json;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Reads fields of an incoming JSON tree and reports anything unusable as an {@link IllegalArgumentException}
 * whose message starts with the field path, such as {@code messages[2].content}.
 *
 * <p>A field that is absent and a field that is JSON {@code null} are treated alike: both are "not given".
 */
public final class Fields {
    /** The node factory for trees built here. */
    public static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Fields() {}

    /** A new empty object node. */
    public static ObjectNode object() {
        return NODES.objectNode();
    }

    /** A new empty array node. */
    public static ArrayNode array() {
        return NODES.arrayNode();
    }

    /** The exception for an unusable field: its message is {@code path} followed by {@code problem}. */
    public static IllegalArgumentException invalid(String path, String problem) {
        return new IllegalArgumentException(path + " " + problem);
    }

    /**
     * The exception for a {@code type} (of the object at {@code path}) that {@code provider} deployments cannot
     * serve, e.g. {@code tools[0].type 'custom' is not supported by anthropic deployments here}.
     */
    public static IllegalArgumentException unsupportedType(String path, String type, String provider) {
        return invalid(at(path, "type"), "'" + type + "' is not supported by " + provider + " deployments here");
    }

    /** The path of {@code field} below {@code base} ({@code field} alone when {@code base} is empty). */
    public static String at(String base, String field) {
        return base.isEmpty() ? field : base + "." + field;
    }

    /** The path of element {@code index} of the array at {@code base}. */
    public static String at(String base, int index) {
        return base + "[" + index + "]";
    }

    /** The value of {@code field}, or null when it is absent or JSON null. */
    public static @Nullable JsonNode given(@Nullable JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() ? null : value;
    }

    /** The string {@code field} of {@code node} (at {@code base}), or null when not given. */
    public static @Nullable String optionalText(@Nullable JsonNode node, String field, String base) {
        JsonNode value = given(node, field);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            throw invalid(at(base, field), "must be a string");
        }
        return value.asText();
    }

    /** The string {@code field} of {@code node} (at {@code base}); refused when not given. */
    public static String requiredText(@Nullable JsonNode node, String field, String base) {
        String value = optionalText(node, field, base);
        if (value == null) {
            throw invalid(at(base, field), "is required");
        }
        return value;
    }

    /** The array {@code field} of {@code node} (at {@code base}), or null when not given. */
    public static @Nullable ArrayNode optionalArray(JsonNode node, String field, String base) {
        JsonNode value = given(node, field);
        if (value != null && !value.isArray()) {
            throw invalid(at(base, field), "must be an array");
        }
        return (ArrayNode) value;
    }

    /** The object {@code field} of {@code node} (at {@code base}); refused when not given. */
    public static ObjectNode requiredObject(JsonNode node, String field, String base) {
        JsonNode value = given(node, field);
        if (value == null) {
            throw invalid(at(base, field), "is required");
        }
        if (!value.isObject()) {
            throw invalid(at(base, field), "must be an object");
        }
        return (ObjectNode) value;
    }

    /** The number {@code field} of {@code node} (at {@code base}), or null when not given. */
    public static @Nullable Double optionalNumber(JsonNode node, String field, String base) {
        JsonNode value = given(node, field);
        if (value == null) {
            return null;
        }
        if (!value.isNumber()) {
            throw invalid(at(base, field), "must be a number");
        }
        return value.asDouble();
    }

    /** The positive integer {@code field} of {@code node} (at {@code base}), or null when not given. */
    public static @Nullable Integer optionalPositiveInt(JsonNode node, String field, String base) {
        JsonNode value = given(node, field);
        if (value == null) {
            return null;
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() < 1) {
            throw invalid(at(base, field), "must be a positive integer, got " + value);
        }
        return value.asInt();
    }

    /** Refuses {@code node} unless it is a JSON object; {@code what} names it. */
    public static void requireObject(JsonNode node, String what) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(what + " must be a JSON object");
        }
    }

    /** The output token limit: {@code max_completion_tokens}, else {@code max_tokens}, else null. */
    public static @Nullable Integer maxTokens(JsonNode chat) {
        Integer completion = optionalPositiveInt(chat, "max_completion_tokens", "");
        Integer legacy = optionalPositiveInt(chat, "max_tokens", "");
        return completion != null ? completion : legacy;
    }

    /** {@code stop}: a string or an array of strings, as a (possibly empty) array. */
    public static ArrayNode stopSequences(JsonNode chat) {
        JsonNode stop = given(chat, "stop");
        ArrayNode sequences = array();
        if (stop == null) {
            return sequences;
        }
        if (stop.isTextual()) {
            return sequences.add(stop.asText());
        }
        if (!stop.isArray()) {
            throw invalid("stop", "must be a string or an array of strings");
        }
        for (int i = 0; i < stop.size(); i++) {
            if (!stop.get(i).isTextual()) {
                throw invalid(at("stop", i), "must be a string");
            }
            sequences.add(stop.get(i).asText());
        }
        return sequences;
    }

    /**
     * Tool-call arguments as an object: a JSON string is parsed, an object is copied, blank means no arguments.
     */
    public static ObjectNode arguments(@Nullable JsonNode value, String path) {
        if (value == null
                || value.isNull()
                || (value.isTextual() && value.asText().isBlank())) {
            return object();
        }
        if (value.isObject()) {
            return ((ObjectNode) value).deepCopy();
        }
        if (!value.isTextual()) {
            throw invalid(path, "must be a string of JSON");
        }
        JsonNode parsed = parseOrNull(value.asText());
        if (parsed == null) {
            throw invalid(path, "is not valid JSON");
        }
        if (!parsed.isObject()) {
            throw invalid(
                    path,
                    "must be a JSON object, got " + parsed.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        return (ObjectNode) parsed;
    }

    /** {@code text} parsed as JSON, or null when it is not JSON. */
    public static @Nullable JsonNode parseOrNull(String text) {
        try {
            JsonNode parsed = Json.mapper().readTree(text);
            return parsed == null || parsed.isMissingNode() ? null : parsed;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** {@code node} as compact JSON text. */
    public static String write(JsonNode node) {
        try {
            return Json.mapper().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a JSON tree", e);
        }
    }
}
