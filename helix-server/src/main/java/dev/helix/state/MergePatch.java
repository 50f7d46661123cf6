package dev.helix.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * JSON Merge Patch (RFC 7386): applying a patch to a document, and the patch that turns one document into another.
 */
public final class MergePatch {
    private MergePatch() {}

    /** The result of applying {@code patch} to {@code target}; neither argument is modified. */
    public static JsonNode apply(@Nullable JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch.deepCopy();
        }
        ObjectNode result = target != null && target.isObject()
                ? ((ObjectNode) target).deepCopy()
                : JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> field : patch.properties()) {
            if (field.getValue().isNull()) {
                result.remove(field.getKey());
            } else {
                result.set(field.getKey(), apply(result.get(field.getKey()), field.getValue()));
            }
        }
        return result;
    }

    /**
     * A merge patch that turns {@code from} into {@code to}. Merge patches cannot set a member to null, so when
     * {@code to} holds nulls the patch may not be exact; check with {@link #apply}.
     */
    public static JsonNode diff(JsonNode from, JsonNode to) {
        if (!from.isObject() || !to.isObject()) {
            return to.deepCopy();
        }
        ObjectNode patch = JsonNodeFactory.instance.objectNode();
        for (Iterator<String> it = from.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!to.has(name)) {
                patch.putNull(name);
            }
        }
        for (Map.Entry<String, JsonNode> field : to.properties()) {
            JsonNode before = from.get(field.getKey());
            if (before == null || !before.equals(field.getValue())) {
                patch.set(
                        field.getKey(), before == null ? field.getValue().deepCopy() : diff(before, field.getValue()));
            }
        }
        return patch;
    }
}
