package dev.helix.conversations;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A conversation as stored and as the API shows it.
 *
 * @param id        {@code conv_} and a time-ordered id
 * @param agent     the id of the agent it is held with
 * @param title     its title (may be empty)
 * @param key       the id of the API key that owns it
 * @param user      the end user that owns it with the key, or null
 * @param archived  whether its owner archived it
 * @param metadata  the owner's own JSON object
 * @param created   when it was made
 * @param updated   when it or its messages last changed
 * @param lastSeq   the sequence number of its newest message (0: none yet)
 * @param answering the id of the answer the agent is writing now, or null
 */
@JsonPropertyOrder({
    "id",
    "agent",
    "title",
    "key",
    "user",
    "archived",
    "metadata",
    "created",
    "updated",
    "lastSeq",
    "answering"
})
public record Conversation(
        String id,
        String agent,
        String title,
        String key,
        @Nullable String user,
        boolean archived,
        ObjectNode metadata,
        Instant created,
        Instant updated,
        long lastSeq,
        @Nullable String answering) {
    /** Its owner. */
    @JsonIgnore
    public Owner owner() {
        return new Owner(key, user);
    }
}
