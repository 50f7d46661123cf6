package dev.helix.memory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Reads the bodies of the memory API strictly, each refusal naming the member: a new memory
 * {@code {"text", "kind"?, "agent"?, "confidence"?, "sources"?, "validFrom"?, "validTo"?}}, a change
 * {@code {"text"?, "kind"?, "confidence"?, "validTo"?}} and a profile {@code {"text"}}. Absent members are empty;
 * JSON {@code null} is refused like any other wrong type.
 */
final class MemoryBodies {
    private static final Set<String> CREATE =
            Set.of("text", "kind", "agent", "confidence", "sources", "validFrom", "validTo");
    private static final Set<String> CHANGE = Set.of("text", "kind", "confidence", "validTo");
    private static final Set<String> PROFILE = Set.of("text");

    private MemoryBodies() {}

    static NewMemory create(JsonNode json) {
        ObjectNode body = object(json, CREATE);
        String text = text(body, "text").orElseThrow(() -> MemoryException.invalid("'text' is required"));
        return new NewMemory(
                text(body, "agent").orElse(null),
                text(body, "kind").map(MemoryKind::of).orElse(MemoryKind.FACT),
                text,
                sources(body),
                number(body, "confidence").orElse(1.0),
                instant(body, "validFrom").orElse(null),
                instant(body, "validTo").orElse(null));
    }

    static MemoryPatch change(JsonNode json, OptionalLong ifVersion) {
        if (json instanceof ObjectNode o && (o.has("agent") || o.has("sources") || o.has("validFrom"))) {
            throw MemoryException.invalid("'agent', 'sources' and 'validFrom' cannot be changed; add a new memory "
                    + "(and end this one) instead");
        }
        ObjectNode body = object(json, CHANGE);
        MemoryPatch p = new MemoryPatch(
                text(body, "text"),
                text(body, "kind").map(MemoryKind::of),
                number(body, "confidence"),
                instant(body, "validTo"),
                ifVersion);
        if (p.isEmpty()) {
            throw MemoryException.invalid("nothing to change: give 'text', 'kind', 'confidence' or 'validTo'");
        }
        return p;
    }

    static String profile(JsonNode json) {
        return text(object(json, PROFILE), "text")
                .orElseThrow(() -> MemoryException.invalid("'text' is required: the profile"));
    }

    private static ObjectNode object(JsonNode body, Set<String> allowed) {
        if (!(body instanceof ObjectNode object)) {
            throw MemoryException.invalid("the request body must be a JSON object, not " + kind(body));
        }
        for (Map.Entry<String, JsonNode> member : object.properties()) {
            if (!allowed.contains(member.getKey())) {
                throw MemoryException.invalid("unknown member '" + Memories.shorten(member.getKey())
                        + "'; allowed members: " + String.join(", ", new TreeSet<>(allowed)));
            }
        }
        return object;
    }

    private static Optional<String> text(ObjectNode body, String name) {
        return member(body, name, JsonNode::isTextual, "a string").map(JsonNode::textValue);
    }

    private static Optional<Double> number(ObjectNode body, String name) {
        return member(body, name, JsonNode::isNumber, "a number").map(JsonNode::doubleValue);
    }

    private static Optional<Instant> instant(ObjectNode body, String name) {
        return text(body, name).map(t -> {
            try {
                return Instant.parse(t);
            } catch (DateTimeParseException e) {
                throw MemoryException.invalid(
                        "'" + name + "' must be a time like 2026-12-01T10:00:00Z, not '" + Memories.shorten(t) + "'");
            }
        });
    }

    private static List<String> sources(ObjectNode body) {
        Optional<JsonNode> array = member(body, "sources", JsonNode::isArray, "an array of message ids");
        List<String> out = new ArrayList<>();
        array.ifPresent(a -> a.forEach(v -> {
            if (!v.isTextual()) {
                throw MemoryException.invalid("'sources' must hold strings (message ids), not " + kind(v));
            }
            out.add(v.textValue());
        }));
        return out;
    }

    private static Optional<JsonNode> member(ObjectNode body, String name, Predicate<JsonNode> ok, String expected) {
        JsonNode value = body.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!ok.test(value)) {
            throw MemoryException.invalid("'" + name + "' must be " + expected + ", not " + kind(value));
        }
        return Optional.of(value);
    }

    private static String kind(JsonNode value) {
        return value.getNodeType().name().toLowerCase(Locale.ROOT);
    }
}
