package dev.helix.gateway.provider.gemini;

import static dev.helix.gateway.provider.format.Fields.at;
import static dev.helix.gateway.provider.format.Fields.invalid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.helix.gateway.provider.format.Fields;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Rewrites a JSON Schema into the OpenAPI-style subset Gemini accepts for function parameters and
 * {@code responseSchema}.
 *
 * <p>Implementation notes: Gemini answers 400 to keywords it does not know ({@code additionalProperties},
 * {@code $schema}, {@code $id}, {@code exclusiveMinimum}, {@code patternProperties}, ...), so only the keywords
 * in {@link #KEPT} survive, recursively through {@code properties}, {@code items} and {@code anyOf}. On the way:
 * <ul>
 *   <li>{@code type} is upper-cased; {@code ["string","null"]} becomes {@code STRING} + {@code nullable: true}
 *       (several non-null types are refused);</li>
 *   <li>{@code oneOf} becomes {@code anyOf} (Gemini has no exclusive choice) and {@code const} a one-value
 *       {@code enum};</li>
 *   <li>local references ({@code #/$defs/X}, {@code #/definitions/X}) are inlined; recursive or remote
 *       references are refused, since Gemini cannot express them;</li>
 *   <li>{@code format} is kept only where Gemini accepts it (enum, date-time, float, double, int32, int64).</li>
 * </ul>
 * Dropped keywords are validation hints (bounds, extra-property rules); the shape of the data is kept.
 */
final class SchemaCleaner {
    private static final Set<String> KEPT = Set.of(
            "description",
            "title",
            "nullable",
            "required",
            "minItems",
            "maxItems",
            "minLength",
            "maxLength",
            "minProperties",
            "maxProperties",
            "pattern",
            "minimum",
            "maximum",
            "default",
            "example",
            "propertyOrdering");
    private static final Set<String> FORMATS = Set.of("enum", "date-time", "float", "double", "int32", "int64");

    private final JsonNode root;
    private final Deque<String> expanding = new ArrayDeque<>();

    private SchemaCleaner(JsonNode root) {
        this.root = root;
    }

    /** The Gemini version of {@code schema}; {@code path} names it in error messages. */
    static ObjectNode clean(JsonNode schema, String path) {
        return new SchemaCleaner(schema).node(schema, path);
    }

    private ObjectNode node(JsonNode schema, String path) {
        if (schema == null || !schema.isObject()) {
            throw invalid(path, "must be a JSON schema object");
        }
        if (schema.has("$ref")) {
            return reference(schema.get("$ref").asText(), path);
        }
        ObjectNode out = Fields.object();
        for (Map.Entry<String, JsonNode> field : schema.properties()) {
            keyword(field.getKey(), field.getValue(), out, at(path, field.getKey()));
        }
        return out;
    }

    private void keyword(String key, JsonNode value, ObjectNode out, String path) {
        switch (key) {
            case "type" -> type(value, out, path);
            case "properties" -> out.set("properties", properties(value, path));
            case "items" -> out.set("items", node(value, path));
            case "anyOf", "oneOf" -> out.set("anyOf", alternatives(value, path));
            case "enum" -> out.set("enum", value.deepCopy());
            case "const" -> out.putArray("enum").add(value.deepCopy());
            case "format" -> {
                if (FORMATS.contains(value.asText())) {
                    out.set("format", value.deepCopy());
                }
            }
            default -> {
                if (KEPT.contains(key)) {
                    out.set(key, value.deepCopy());
                }
            }
        }
    }

    private static void type(JsonNode value, ObjectNode out, String path) {
        if (value.isTextual()) {
            out.put("type", value.asText().toUpperCase(Locale.ROOT));
            return;
        }
        if (!value.isArray()) {
            throw invalid(path, "must be a string or an array of strings");
        }
        String single = null;
        for (JsonNode type : value) {
            if (type.asText().equals("null")) {
                out.put("nullable", true);
            } else if (single == null) {
                single = type.asText();
            } else {
                throw invalid(
                        path,
                        "lists several non-null types " + value + ", which gemini cannot express;" + " use anyOf");
            }
        }
        out.put("type", single == null ? "NULL" : single.toUpperCase(Locale.ROOT));
    }

    private ObjectNode properties(JsonNode value, String path) {
        if (!value.isObject()) {
            throw invalid(path, "must be an object");
        }
        ObjectNode out = Fields.object();
        for (Map.Entry<String, JsonNode> property : value.properties()) {
            out.set(property.getKey(), node(property.getValue(), at(path, property.getKey())));
        }
        return out;
    }

    private ArrayNode alternatives(JsonNode value, String path) {
        if (!value.isArray()) {
            throw invalid(path, "must be an array");
        }
        ArrayNode out = Fields.array();
        for (int i = 0; i < value.size(); i++) {
            out.add(node(value.get(i), at(path, i)));
        }
        return out;
    }

    private ObjectNode reference(String ref, String path) {
        String refPath = at(path, "$ref");
        if (expanding.contains(ref)) {
            throw invalid(refPath, "'" + ref + "' is recursive; gemini cannot express recursive schemas");
        }
        JsonNode target = null;
        if (ref.startsWith("#/$defs/") || ref.startsWith("#/definitions/")) {
            target = root.at(ref.substring(1));
        }
        if (target == null || target.isMissingNode()) {
            throw invalid(refPath, "'" + ref + "' is not a local #/$defs or #/definitions reference of this schema");
        }
        expanding.push(ref);
        try {
            return node(target, path);
        } finally {
            expanding.pop();
        }
    }
}
