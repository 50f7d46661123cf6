package dev.helix.messaging;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A message to post, before it has an id.
 *
 * @param agent    the mailbox (agent id) it goes to
 * @param priority how urgent it is
 * @param type     what kind of message it is: 1 to 100 letters, digits and {@code . _ : / -}, starting with a letter
 *                 or digit
 * @param data     its content as JSON text
 * @param replyTo  the mailbox (agent id) an answer goes to; null for none
 * @param ttl      how long it may wait before it expires unread; null for {@code messaging.defaultTtl}
 * @param sender   the id of the API key that posts it
 */
public record Draft(
        String agent,
        Priority priority,
        String type,
        String data,
        @Nullable String replyTo,
        @Nullable Duration ttl,
        String sender) {
    public Draft {
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(sender, "sender");
    }
}
