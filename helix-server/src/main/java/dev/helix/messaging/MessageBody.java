package dev.helix.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the JSON object of a message to post or an answer, strictly: only the members it knows, each of the right
 * type, every refusal naming the member.
 */
final class MessageBody {
    /** The members of a message. */
    static final Set<String> MESSAGE = Set.of("priority", "type", "data", "replyTo", "ttl");
    /** The members of an answer (it goes where the message it answers says). */
    static final Set<String> ANSWER = Set.of("priority", "type", "data", "ttl");

    private MessageBody() {}

    /** The draft {@code body} describes, to {@code agent} from {@code sender}. */
    static Draft read(JsonNode body, Set<String> allowed, String agent, String sender) {
        if (!body.isObject()) {
            throw MessagingException.invalid("the request body must be a JSON object");
        }
        checkMembers(body, allowed);
        Priority priority = text(body, "priority").map(Priority::parse).orElse(Priority.NORMAL);
        String type = text(body, "type")
                .orElseThrow(() -> MessagingException.invalid("'type' is required: a string such as \"task\""));
        String data = body.has("data") ? body.get("data").toString() : "{}";
        String replyTo = text(body, "replyTo").orElse(null);
        Duration ttl = text(body, "ttl")
                .map(t -> DurationText.parse(t, "ttl", Duration.ofSeconds(1), Mailboxes.MAX_TTL))
                .orElse(null);
        return new Draft(agent, priority, type, data, replyTo, ttl, sender);
    }

    private static void checkMembers(JsonNode body, Set<String> allowed) {
        for (Map.Entry<String, JsonNode> member : body.properties()) {
            String name = member.getKey();
            if (!allowed.contains(name)) {
                throw MessagingException.invalid("unknown member '" + name + "'; allowed members: "
                        + String.join(", ", allowed.stream().sorted().toList()));
            }
        }
    }

    private static Optional<String> text(JsonNode body, String name) {
        JsonNode value = body.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            String kind = value.getNodeType().name().toLowerCase(Locale.ROOT);
            throw MessagingException.invalid("'" + name + "' must be a string, not " + kind);
        }
        return Optional.of(value.asText());
    }
}
