package dev.helix.conversations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the bodies that make and change a conversation: {@code {"agent", "title"?, "metadata"?}} and
 * {@code {"title"?, "archived"?, "metadata"?}}, strictly, each refusal naming the member.
 */
final class ConversationBodies {
    /** The longest title, in characters. */
    static final int MAX_TITLE = 200;

    private static final Set<String> CREATE = Set.of("agent", "title", "metadata");
    private static final Set<String> CHANGE = Set.of("title", "archived", "metadata");
    private static final String METADATA_KEY = "conversations.maxMetadataSize";

    /** What a new conversation is to be. */
    record NewConversation(String agent, String title, ObjectNode metadata) {}

    /** What a change sets; an empty field stays as it is. */
    record Changes(Optional<String> title, Optional<Boolean> archived, Optional<ObjectNode> metadata) {
        boolean none() {
            return title.isEmpty() && archived.isEmpty() && metadata.isEmpty();
        }
    }

    private final long maxMetadata;

    ConversationBodies(long maxMetadata) {
        this.maxMetadata = maxMetadata;
    }

    NewConversation create(JsonNode json) {
        ObjectNode body = JsonFields.object(json, CREATE);
        String agent = JsonFields.text(body, "agent")
                .orElseThrow(() -> ConversationException.invalid("'agent' is required: the id of an agent"));
        return new NewConversation(
                agent, title(body).orElse(""), metadata(body).orElseGet(JsonNodeFactory.instance::objectNode));
    }

    Changes change(JsonNode json) {
        if (json instanceof ObjectNode o && o.has("agent")) {
            throw ConversationException.invalid("'agent' cannot be changed; start a new conversation instead");
        }
        ObjectNode body = JsonFields.object(json, CHANGE);
        Changes changes = new Changes(title(body), JsonFields.bool(body, "archived"), metadata(body));
        if (changes.none()) {
            throw ConversationException.invalid("nothing to change: give 'title', 'archived' or 'metadata'");
        }
        return changes;
    }

    private static Optional<String> title(ObjectNode body) {
        return JsonFields.text(body, "title").map(ConversationBodies::checkTitle);
    }

    private Optional<ObjectNode> metadata(ObjectNode body) {
        return JsonFields.object(body, "metadata")
                .map(m -> JsonFields.bounded(m, "metadata", maxMetadata, METADATA_KEY));
    }

    private static String checkTitle(String title) {
        if (title.length() > MAX_TITLE) {
            throw ConversationException.invalid(
                    "'title' is " + title.length() + " characters; at most " + MAX_TITLE + " are allowed");
        }
        for (int i = 0; i < title.length(); i++) {
            if (Character.isISOControl(title.charAt(i))) {
                throw ConversationException.invalid(
                        "'title' must not hold control characters (one is at position " + (i + 1) + ")");
            }
        }
        return title;
    }
}
