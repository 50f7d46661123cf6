package dev.helix.messaging;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A message in an agent's mailbox, as the API shows it.
 *
 * @param id            time-ordered id, {@code msg_…}
 * @param agent         the mailbox it is in
 * @param priority      how urgent it is
 * @param type          what kind of message it is, chosen by the sender
 * @param data          its content, JSON text
 * @param replyTo       the mailbox (agent id) an answer goes to, if any
 * @param inReplyTo     the message this one answers, if any
 * @param sender        the id of the API key that posted it
 * @param created       when it was posted
 * @param expires       when it expires unread
 * @param deliveryCount how many times it has been taken
 * @param visibleUntil  while taken: when it becomes visible again unless acknowledged
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Message(
        String id,
        String agent,
        Priority priority,
        String type,
        @JsonRawValue String data,
        @Nullable String replyTo,
        @Nullable String inReplyTo,
        String sender,
        Instant created,
        Instant expires,
        int deliveryCount,
        @Nullable Instant visibleUntil) {}
