package dev.helix.conversations;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.SqlStatement;
import org.jspecify.annotations.Nullable;

/**
 * Which answer a conversation is writing, in its row ({@code answering}, {@code lease_until}), so that every node
 * sees it: one answer at a time per conversation. The node writing an answer renews its lease while it writes and
 * saves the text so far with it (so a stopped node loses at most one renewal's worth); another node may take the
 * lease over (interrupt) or wait for it (queue). Every statement names the conversation's owner, except the scan for
 * answers a stopped node left ({@link #abandoned}), which serves no caller.
 */
final class AnswerLeases {
    private static final String OWNED = "id = :conversation AND key_id = :key AND user_id = :user";

    /**
     * What a conversation is answering: the answer's message id and until when its writer holds it (epoch millis);
     * and the conversation's agent.
     */
    record State(@Nullable String answering, long leaseUntil, String agent) {
        /** Whether an answer is being written at {@code now}. */
        boolean busy(long now) {
            return answering != null && leaseUntil > now;
        }
    }

    /**
     * Locks {@code owner}'s conversation for the rest of the transaction (its row on PostgreSQL; SQLite has one
     * writer) and reads what it is answering; empty if the owner has no such conversation.
     */
    Optional<State> lock(Handle h, Owner owner, String conversation) {
        return owned(
                        h.createQuery("UPDATE conversations SET last_seq = last_seq WHERE " + OWNED
                                + " RETURNING answering, lease_until, agent_id"),
                        owner,
                        conversation)
                .map((rs, ctx) ->
                        new State(rs.getString("answering"), rs.getLong("lease_until"), rs.getString("agent_id")))
                .findOne();
    }

    /**
     * The queued answers of {@code owner}'s conversation whose waiters are alive (touched since {@code staleBefore},
     * epoch millis), oldest first; one a stopped node left waits for {@link Answering#recover()} and holds up no one.
     */
    List<Message> queued(Handle h, MessageStore messages, Owner owner, String conversation, long staleBefore) {
        return messages.withStatus(h, owner, conversation, Message.Status.QUEUED).stream()
                .filter(m -> m.updated().toEpochMilli() >= staleBefore)
                .toList();
    }

    /** Gives the conversation's lease to {@code message} until {@code until}, whoever held it. */
    void take(Handle h, Owner owner, String conversation, String message, long until) {
        owned(
                        h.createUpdate(
                                "UPDATE conversations SET answering = :message, lease_until = :until WHERE " + OWNED),
                        owner,
                        conversation)
                .bind("message", message)
                .bind("until", until)
                .execute();
    }

    /** Extends {@code message}'s lease to {@code until}; false if it does not hold it any more. */
    boolean renew(Handle h, Owner owner, String conversation, String message, long until) {
        return owned(
                                h.createUpdate("UPDATE conversations SET lease_until = :until WHERE " + OWNED
                                        + " AND answering = :message"),
                                owner,
                                conversation)
                        .bind("message", message)
                        .bind("until", until)
                        .execute()
                == 1;
    }

    /** Ends {@code message}'s lease, if it still holds it. */
    void release(Handle h, Owner owner, String conversation, String message) {
        owned(
                        h.createUpdate("UPDATE conversations SET answering = NULL, lease_until = NULL WHERE " + OWNED
                                + " AND answering = :message"),
                        owner,
                        conversation)
                .bind("message", message)
                .execute();
    }

    /**
     * The answers still open (queued or streaming) that nobody has touched since {@code staleBefore} (epoch millis):
     * their writer or waiter stopped, as a live one renews them. With each, its owner.
     */
    List<Abandoned> abandoned(Handle h, long staleBefore) {
        return h.createQuery("SELECT m.id, m.conversation_id, c.key_id, c.user_id FROM conversation_messages m JOIN "
                        + "conversations c ON c.id = m.conversation_id WHERE m.status IN ('queued', 'streaming') "
                        + "AND m.updated_at < :stale ORDER BY m.conversation_id, m.seq")
                .bind("stale", staleBefore)
                .map((rs, ctx) -> new Abandoned(
                        Owner.fromColumns(rs.getString("key_id"), rs.getString("user_id")),
                        rs.getString("conversation_id"),
                        rs.getString("id")))
                .list();
    }

    /** An open answer nobody looks after. */
    record Abandoned(Owner owner, String conversation, String message) {}

    private static <S extends SqlStatement<S>> S owned(S statement, Owner owner, String conversation) {
        return statement
                .bind("conversation", conversation)
                .bind("key", owner.keyId())
                .bind("user", owner.userColumn());
    }
}
