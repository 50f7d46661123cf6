package dev.helix.conversations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.helix.internal.Json;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Strict reading of the members of a JSON request body: only the members allowed, each of the right type, every
 * refusal naming the member. Absent members are empty; JSON {@code null} is refused like any other wrong type (a
 * conversation field is never "unset").
 */
final class JsonFields {
    private JsonFields() {}

    /** {@code body} as an object that has no member outside {@code allowed}. */
    static ObjectNode object(JsonNode body, Set<String> allowed) {
        if (!(body instanceof ObjectNode object)) {
            throw ConversationException.invalid("the request body must be a JSON object, not " + kind(body));
        }
        for (Map.Entry<String, JsonNode> member : object.properties()) {
            if (!allowed.contains(member.getKey())) {
                throw ConversationException.invalid("unknown member '" + member.getKey() + "'; allowed members: "
                        + String.join(", ", new TreeSet<>(allowed)));
            }
        }
        return object;
    }

    static Optional<String> text(ObjectNode body, String name) {
        return member(body, name, JsonNode::isTextual, "a string").map(JsonNode::textValue);
    }

    static Optional<Boolean> bool(ObjectNode body, String name) {
        return member(body, name, JsonNode::isBoolean, "true or false").map(JsonNode::booleanValue);
    }

    static Optional<ObjectNode> object(ObjectNode body, String name) {
        return member(body, name, JsonNode::isObject, "a JSON object").map(ObjectNode.class::cast);
    }

    /** The member {@code name} if present; a 400 naming it unless {@code ok} accepts it. */
    static Optional<JsonNode> member(
            ObjectNode body, String name, java.util.function.Predicate<JsonNode> ok, String expected) {
        JsonNode value = body.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!ok.test(value)) {
            throw ConversationException.invalid("'" + name + "' must be " + expected + ", not " + kind(value));
        }
        return Optional.of(value);
    }

    /** {@code value} unless it is larger than {@code limit} bytes of compact JSON: then a 413 naming it. */
    static ObjectNode bounded(ObjectNode value, String name, long limit, String key) {
        int size = Json.bytes(value).length;
        if (size > limit) {
            throw ConversationException.tooLarge(
                    "'" + name + "' is " + size + " bytes of JSON; the limit is " + limit + " (" + key + ")");
        }
        return value;
    }

    /** What kind of JSON value {@code value} is, for messages: {@code string}, {@code number}, {@code null}, … */
    static String kind(JsonNode value) {
        return value.getNodeType().name().toLowerCase(Locale.ROOT);
    }
}
