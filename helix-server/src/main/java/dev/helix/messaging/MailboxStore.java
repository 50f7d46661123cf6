package dev.helix.messaging;

import dev.helix.storage.Database;
import dev.helix.storage.DatabaseKind;
import dev.helix.storage.PostgresNotifications;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.ToLongFunction;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The {@code agent_messages} table.
 *
 * <p>Implementation notes: taking is one statement that picks the next messages and marks them taken, so two
 * takers never get the same message. On PostgreSQL the pick locks its rows with {@code FOR UPDATE SKIP LOCKED}: a
 * concurrent taker skips them instead of waiting, and a row another taker has just changed is checked again
 * against the condition. SQLite has one writer at a time (Helix opens write transactions IMMEDIATE), so its
 * {@code UPDATE … RETURNING} runs alone. Every other statement is the same on both engines.
 */
final class MailboxStore {
    /** The PostgreSQL channel a post notifies with the keys of the waits it may end. */
    static final String CHANNEL = "helix_mailboxes";

    private static final String COLUMNS = "id, agent_id, priority, type, data, reply_to, in_reply_to, sender, "
            + "created_at, expires_at, sort_at, state, visible_at, delivery_count";
    /** What a message must be to be taken now: not acknowledged, visible, not expired. */
    private static final String TAKEABLE = "state <> 'acked' AND visible_at <= :now AND expires_at > :now";

    private static final String TAKEN = "state = 'taken', visible_at = :until, delivery_count = delivery_count + 1";

    /** A stored message with its place in the taking order. */
    record Row(Message message, long sortAt, String state) {}

    private final Jdbi jdbi;
    private final boolean postgres;
    private final Optional<PostgresNotifications> notifications;
    private final String takeSql;
    private final String takeReplySql;

    MailboxStore(Database database) {
        this.jdbi = database.jdbi();
        this.notifications = database.notifications();
        this.postgres = database.kind() == DatabaseKind.POSTGRESQL;
        this.takeSql = postgres ? takePostgres() : takeSqlite();
        this.takeReplySql = postgres ? takeReplyPostgres() : takeReplySqlite();
    }

    /** The channel posts notify on, scoped to the database's schema. */
    private String channel() {
        return notifications.orElseThrow().channel(CHANNEL);
    }

    private static String takePostgres() {
        return "WITH picked AS (SELECT id FROM agent_messages WHERE agent_id = :agent AND " + TAKEABLE
                + " ORDER BY sort_at, id LIMIT :max FOR UPDATE SKIP LOCKED) "
                + "UPDATE agent_messages m SET state = 'taken', visible_at = :until, "
                + "delivery_count = m.delivery_count + 1 FROM picked WHERE m.id = picked.id RETURNING m.*";
    }

    private static String takeSqlite() {
        return "UPDATE agent_messages SET " + TAKEN + " WHERE id IN (SELECT id FROM agent_messages "
                + "WHERE agent_id = :agent AND " + TAKEABLE + " ORDER BY sort_at, id LIMIT :max) RETURNING *";
    }

    private static String takeReplyPostgres() {
        return "WITH picked AS (SELECT id FROM agent_messages WHERE in_reply_to = :request AND state <> 'acked' "
                + "AND expires_at > :now ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED) "
                + "UPDATE agent_messages m SET state = 'acked', delivery_count = m.delivery_count + 1 "
                + "FROM picked WHERE m.id = picked.id RETURNING m.*";
    }

    private static String takeReplySqlite() {
        return "UPDATE agent_messages SET state = 'acked', delivery_count = delivery_count + 1 WHERE id IN "
                + "(SELECT id FROM agent_messages WHERE in_reply_to = :request AND state <> 'acked' "
                + "AND expires_at > :now ORDER BY id LIMIT 1) RETURNING *";
    }

    /** For {@link #insert}: nothing else to write with the message. */
    static final ToLongFunction<Handle> NOTHING_ELSE = h -> 0;

    /**
     * Inserts {@code m} and runs {@code alsoWrite} (which appends its event) in the same transaction; on PostgreSQL
     * also notifies {@code wakes} (the keys of the waits it may end) to every node, so a notification leaves only
     * with its message. Returns what {@code alsoWrite} returned.
     */
    long insert(Message m, long sortAt, List<String> wakes, ToLongFunction<Handle> alsoWrite) {
        if (!postgres && alsoWrite == NOTHING_ELSE) {
            jdbi.useHandle(h -> insert(h, m, sortAt)); // one statement: no transaction to begin and commit
            return 0;
        }
        return jdbi.inTransaction(h -> insert(h, m, sortAt, wakes, alsoWrite));
    }

    private long insert(Handle h, Message m, long sortAt, List<String> wakes, ToLongFunction<Handle> alsoWrite) {
        insert(h, m, sortAt);
        long written = alsoWrite.applyAsLong(h);
        if (postgres) {
            for (String key : wakes) {
                h.select("SELECT pg_notify(?, ?)", channel(), key)
                        .mapTo(String.class)
                        .list();
            }
        }
        return written;
    }

    /**
     * What a post with an idempotency key came to.
     *
     * @param messageId   the message that holds the key: the one just inserted, or the one an earlier post made
     * @param fingerprint what the post that made it asked for
     * @param inserted    whether this post inserted it
     * @param written     what {@code alsoWrite} returned when it did
     */
    record Once(String messageId, String fingerprint, boolean inserted, long written) {}

    /**
     * As {@link #insert}, unless {@code m}'s sender named {@code key} in a post recorded at or after
     * {@code forgetBefore}: then nothing is written and the message that post made is answered. Two such posts at
     * once make one message (the key is recorded first, in the message's transaction).
     */
    Once insertOnce(
            Message m,
            long sortAt,
            List<String> wakes,
            ToLongFunction<Handle> alsoWrite,
            String key,
            String fingerprint,
            long forgetBefore) {
        return jdbi.inTransaction(h -> {
            h.createUpdate("DELETE FROM message_idempotency WHERE sender = :sender AND idem_key = :key "
                            + "AND created_at < :before")
                    .bind("sender", m.sender())
                    .bind("key", key)
                    .bind("before", forgetBefore)
                    .execute();
            int recorded = h.createUpdate("INSERT INTO message_idempotency (sender, idem_key, message_id, "
                            + "fingerprint, created_at) VALUES (:sender, :key, :id, :fingerprint, :created) "
                            + "ON CONFLICT (sender, idem_key) DO NOTHING")
                    .bind("sender", m.sender())
                    .bind("key", key)
                    .bind("id", m.id())
                    .bind("fingerprint", fingerprint)
                    .bind("created", m.created().toEpochMilli())
                    .execute();
            if (recorded == 0) {
                return h.createQuery("SELECT message_id, fingerprint FROM message_idempotency "
                                + "WHERE sender = :sender AND idem_key = :key")
                        .bind("sender", m.sender())
                        .bind("key", key)
                        .map((rs, ctx) -> new Once(rs.getString(1), rs.getString(2), false, 0))
                        .one();
            }
            return new Once(m.id(), fingerprint, true, insert(h, m, sortAt, wakes, alsoWrite));
        });
    }

    /** Forgets the idempotency keys recorded before {@code before}; returns how many. */
    int forgetIdempotencyKeys(long before) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM message_idempotency WHERE created_at < :before")
                .bind("before", before)
                .execute());
    }

    private static void insert(Handle h, Message m, long sortAt) {
        h.createUpdate("INSERT INTO agent_messages (" + COLUMNS + ") VALUES (:id, :agent, "
                        + ":priority, :type, :data, :replyTo, :inReplyTo, :sender, :created, :expires, :sortAt, "
                        + "'available', :created, 0)")
                .bind("id", m.id())
                .bind("agent", m.agent())
                .bind("priority", m.priority().rank())
                .bind("type", m.type())
                .bind("data", m.data())
                .bind("replyTo", m.replyTo())
                .bind("inReplyTo", m.inReplyTo())
                .bind("sender", m.sender())
                .bind("created", m.created().toEpochMilli())
                .bind("expires", m.expires().toEpochMilli())
                .bind("sortAt", sortAt)
                .execute();
    }

    /**
     * Whether {@code agent} has a message to take now: a plain read, so an empty mailbox is looked at without a
     * write transaction (on SQLite one would hold the only write lock and make every writer wait).
     */
    boolean hasTakeable(String agent, long now) {
        return jdbi.withHandle(h -> h.createQuery(
                                "SELECT 1 FROM agent_messages WHERE agent_id = :agent AND " + TAKEABLE + " LIMIT 1")
                        .bind("agent", agent)
                        .bind("now", now)
                        .mapTo(Integer.class)
                        .findFirst())
                .isPresent();
    }

    /** Takes up to {@code max} messages of {@code agent}, invisible until {@code until}; in taking order. */
    List<Message> take(String agent, int max, long now, long until) {
        List<Row> rows = jdbi.inTransaction(h -> h.createQuery(takeSql)
                .bind("agent", agent)
                .bind("max", max)
                .bind("now", now)
                .bind("until", until)
                .map(MailboxStore::row)
                .list());
        return rows.stream()
                .sorted(Comparator.comparingLong(Row::sortAt)
                        .thenComparing(r -> r.message().id()))
                .map(Row::message)
                .toList();
    }

    /** Takes and acknowledges the first reply to {@code request}, if one has arrived. */
    Optional<Message> takeReply(String request, long now) {
        return jdbi.inTransaction(h -> h.createQuery(takeReplySql)
                .bind("request", request)
                .bind("now", now)
                .map(MailboxStore::row)
                .findFirst()
                .map(Row::message));
    }

    Optional<Row> find(String agent, String id) {
        return jdbi.withHandle(h -> find(h, agent, id));
    }

    private static Optional<Row> find(Handle h, String agent, String id) {
        return h.createQuery("SELECT " + COLUMNS + " FROM agent_messages WHERE id = :id AND agent_id = :agent")
                .bind("id", id)
                .bind("agent", agent)
                .map(MailboxStore::row)
                .findOne();
    }

    /** Marks a taken message acknowledged; false if it is not taken (or not there). */
    boolean ack(String agent, String id) {
        return jdbi.withHandle(h -> h.createUpdate(
                                "UPDATE agent_messages SET state = 'acked' WHERE id = :id AND agent_id = :agent "
                                        + "AND state = 'taken'")
                        .bind("id", id)
                        .bind("agent", agent)
                        .execute())
                == 1;
    }

    /** Makes a taken message visible again at once; false if it is not taken (or not there). */
    boolean release(String agent, String id, long now) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE agent_messages SET state = 'available', "
                                + "visible_at = :now WHERE id = :id AND agent_id = :agent AND state = 'taken'")
                        .bind("id", id)
                        .bind("agent", agent)
                        .bind("now", now)
                        .execute())
                == 1;
    }

    /** Deletes expired messages that were never acknowledged; returns how many. */
    int deleteExpired(long now) {
        return jdbi.withHandle(
                h -> h.createUpdate("DELETE FROM agent_messages WHERE expires_at <= :now AND state <> 'acked'")
                        .bind("now", now)
                        .execute());
    }

    /** Deletes acknowledged messages; returns how many. */
    int deleteAcked() {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM agent_messages WHERE state = 'acked'")
                .execute());
    }

    /** Messages that could be taken now, by agent and priority rank. */
    List<Depth> depths(long now) {
        return jdbi.withHandle(h -> h.createQuery("SELECT agent_id, priority, COUNT(*) AS n FROM agent_messages "
                        + "WHERE " + TAKEABLE + " GROUP BY agent_id, priority")
                .bind("now", now)
                .map((rs, ctx) -> new Depth(rs.getString("agent_id"), rs.getInt("priority"), rs.getLong("n")))
                .list());
    }

    /** Messages of {@code agent} that could be taken now, by priority rank. */
    List<Depth> depths(String agent, long now) {
        return jdbi.withHandle(h -> h.createQuery("SELECT agent_id, priority, COUNT(*) AS n FROM agent_messages "
                        + "WHERE agent_id = :agent AND " + TAKEABLE + " GROUP BY agent_id, priority")
                .bind("agent", agent)
                .bind("now", now)
                .map((rs, ctx) -> new Depth(rs.getString("agent_id"), rs.getInt("priority"), rs.getLong("n")))
                .list());
    }

    /** How many messages of one priority wait in one mailbox. */
    record Depth(String agent, int rank, long count) {}

    private static Row row(ResultSet rs, StatementContext ctx) throws SQLException {
        String state = rs.getString("state");
        Message m = new Message(
                rs.getString("id"),
                rs.getString("agent_id"),
                Priority.ofRank(rs.getInt("priority")),
                rs.getString("type"),
                rs.getString("data"),
                rs.getString("reply_to"),
                rs.getString("in_reply_to"),
                rs.getString("sender"),
                Instant.ofEpochMilli(rs.getLong("created_at")),
                Instant.ofEpochMilli(rs.getLong("expires_at")),
                rs.getInt("delivery_count"),
                state.equals("taken") ? Instant.ofEpochMilli(rs.getLong("visible_at")) : null);
        return new Row(m, rs.getLong("sort_at"), state);
    }
}
