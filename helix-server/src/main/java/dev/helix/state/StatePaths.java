package dev.helix.state;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Setting a value at a JSON Pointer in a copy of a document, creating missing objects on the way. */
final class StatePaths {
    private StatePaths() {}

    /** A copy of {@code document} with {@code value} at {@code pointer}; the empty pointer replaces the whole. */
    static JsonNode set(JsonNode document, JsonPointer pointer, JsonNode value) {
        if (pointer.matches()) {
            return value;
        }
        JsonNode root = document.deepCopy();
        JsonNode parent = root;
        JsonPointer rest = pointer;
        StringBuilder walked = new StringBuilder();
        while (!rest.tail().matches()) {
            parent = child(parent, rest, walked);
            walked.append('/').append(rest.getMatchingProperty());
            rest = rest.tail();
        }
        put(parent, rest, value, walked);
        return root;
    }

    private static JsonNode child(JsonNode parent, JsonPointer step, StringBuilder walked) {
        String name = step.getMatchingProperty();
        if (parent instanceof ObjectNode object) {
            JsonNode next = object.get(name);
            if (next == null) {
                return object.putObject(name);
            }
            requireContainer(next, walked + "/" + name);
            return next;
        }
        ArrayNode array = (ArrayNode) parent;
        int index = step.getMatchingIndex();
        if (index < 0 || index >= array.size()) {
            throw StateException.invalid("'" + walked + "' has no element " + name + " (it has " + array.size() + ")");
        }
        JsonNode next = array.get(index);
        requireContainer(next, walked + "/" + name);
        return next;
    }

    private static void put(JsonNode parent, JsonPointer last, JsonNode value, StringBuilder walked) {
        String name = last.getMatchingProperty();
        if (parent instanceof ObjectNode object) {
            object.set(name, value);
            return;
        }
        ArrayNode array = (ArrayNode) parent;
        int index = name.equals("-") ? array.size() : last.getMatchingIndex();
        if (index == array.size()) {
            array.add(value);
        } else if (index >= 0 && index < array.size()) {
            array.set(index, value);
        } else {
            throw StateException.invalid("'" + walked + "' is an array of " + array.size() + " elements; '" + name
                    + "' is not an index in it or '-' to append");
        }
    }

    private static void requireContainer(JsonNode node, String path) {
        if (!node.isContainerNode()) {
            throw StateException.invalid("'" + path + "' is " + StateLimits.kind(node)
                    + ", not an object or array, so nothing can be set inside it");
        }
    }
}
