package dev.helix.state;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.internal.Json;

/** The bounds on the shared state document: an object at the top, at most so deep and so large. */
final class StateLimits {
    private final long maxSize;
    private final int maxDepth;

    StateLimits(long maxSize, int maxDepth) {
        this.maxSize = maxSize;
        this.maxDepth = maxDepth;
    }

    /** The compact JSON of {@code document} if it is within bounds; throws {@link StateException} if not. */
    byte[] check(JsonNode document) {
        if (!document.isObject()) {
            throw StateException.invalid(
                    "the state document must be a JSON object at the top level, not " + kind(document));
        }
        int depth = depth(document, 0);
        if (depth > maxDepth) {
            throw StateException.invalid("the state document nests " + depth + " levels deep; at most " + maxDepth
                    + " are allowed (state.maxDepth)");
        }
        byte[] json = Json.bytes(document);
        if (json.length > maxSize) {
            throw StateException.invalid("the state document would be " + json.length + " bytes; at most " + maxSize
                    + " are allowed (state.maxSize)");
        }
        return json;
    }

    private int depth(JsonNode node, int level) {
        if (!node.isContainerNode()) {
            return level;
        }
        if (level + 1 > maxDepth) {
            return level + 1;
        }
        int deepest = level + 1;
        for (JsonNode child : node) {
            deepest = Math.max(deepest, depth(child, level + 1));
        }
        return deepest;
    }

    static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
