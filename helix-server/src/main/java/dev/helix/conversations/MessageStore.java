package dev.helix.conversations;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.internal.Json;
import dev.helix.internal.Money;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.SqlStatement;
import org.jdbi.v3.core.statement.StatementContext;
import org.jspecify.annotations.Nullable;

/**
 * The {@code conversation_messages} table. Every statement names the conversation's owner, joining or checking
 * {@code conversations} on {@code key_id} and {@code user_id}, so no message of another owner is ever read or
 * written. A message's seq is drawn by raising the conversation's {@code last_seq} in the same transaction: the
 * conversation's row is locked until the commit (PostgreSQL) or the one writer holds the database (SQLite), so seqs
 * are 1, 2, … without gaps or repeats.
 */
final class MessageStore {
    private static final String COLUMNS = "id, conversation_id, seq, role, kind, status, content, tool_calls, "
            + "covers_seq, model, deployment, prompt_tokens, completion_tokens, cost_nanousd, latency_ms, "
            + "finish_reason, error, metadata, created_at, updated_at";
    private static final String OWNER = "c.key_id = :key AND c.user_id = :user";
    private static final String OF_OWNED = "SELECT m." + COLUMNS.replace(", ", ", m.")
            + " FROM conversation_messages m JOIN conversations c ON c.id = m.conversation_id "
            + "WHERE c.id = :conversation AND " + OWNER;
    private static final TypeReference<List<Part>> PARTS = new TypeReference<>() {};

    /**
     * Stores {@code m} as the next message of {@code owner}'s conversation, touching the conversation's update time;
     * answers it with its seq, or empty if the owner has no such conversation.
     */
    Optional<Message> insert(Handle h, Owner owner, Message m) {
        Optional<Long> seq = owned(
                        h.createQuery("UPDATE conversations SET last_seq = last_seq + 1, updated_at = :now "
                                + "WHERE id = :conversation AND key_id = :key AND user_id = :user RETURNING last_seq"),
                        owner)
                .bind("conversation", m.conversation())
                .bind("now", m.created().toEpochMilli())
                .mapTo(Long.class)
                .findOne();
        if (seq.isEmpty()) {
            return Optional.empty();
        }
        Message stored = m.withSeq(seq.get());
        fields(
                        h.createUpdate(
                                "INSERT INTO conversation_messages (" + COLUMNS + ") VALUES (:id, :conversation, "
                                        + ":seq, :role, :kind, :status, :content, :toolCalls, :covers, :model, :deployment, "
                                        + ":promptTokens, :completionTokens, :cost, :latency, :finishReason, :error, "
                                        + ":metadata, :created, :updated)"),
                        stored)
                .bind("conversation", stored.conversation())
                .bind("seq", stored.seq())
                .bind("role", stored.role().id())
                .bind("kind", stored.kind().id())
                .bind("covers", stored.covers())
                .bind("created", stored.created().toEpochMilli())
                .execute();
        return Optional.of(stored);
    }

    /**
     * Writes what may change of {@code m} (status, content, the answer's figures, metadata, update time) and touches
     * its conversation's update time; false if {@code owner} has no such message.
     */
    boolean update(Handle h, Owner owner, Message m) {
        int changed = fields(
                        owned(
                                h.createUpdate("UPDATE conversation_messages SET status = :status, content = "
                                        + ":content, tool_calls = :toolCalls, model = :model, deployment = "
                                        + ":deployment, prompt_tokens = :promptTokens, completion_tokens = "
                                        + ":completionTokens, cost_nanousd = :cost, latency_ms = :latency, "
                                        + "finish_reason = :finishReason, error = :error, metadata = :metadata, "
                                        + "updated_at = :updated WHERE id = :id AND conversation_id IN (SELECT id "
                                        + "FROM conversations c WHERE c.id = :conversation AND " + OWNER + ")"),
                                owner),
                        m)
                .bind("conversation", m.conversation())
                .execute();
        if (changed == 1) {
            owned(
                            h.createUpdate("UPDATE conversations SET updated_at = :now WHERE id = :conversation "
                                    + "AND key_id = :key AND user_id = :user AND updated_at < :now"),
                            owner)
                    .bind("conversation", m.conversation())
                    .bind("now", m.updated().toEpochMilli())
                    .execute();
        }
        return changed == 1;
    }

    /** {@code owner}'s message {@code id} of conversation {@code conversation}, if there is one. */
    Optional<Message> find(Handle h, Owner owner, String conversation, String id) {
        return owned(h.createQuery(OF_OWNED + " AND m.id = :id"), owner)
                .bind("conversation", conversation)
                .bind("id", id)
                .map(MessageStore::row)
                .findOne();
    }

    /**
     * Up to {@code limit} messages of {@code owner}'s conversation in seq order: those after seq {@code after}, or
     * else those before seq {@code before}, or else the newest.
     */
    List<Message> page(
            Handle h, Owner owner, String conversation, @Nullable Long after, @Nullable Long before, int limit) {
        String sql = after != null
                ? OF_OWNED + " AND m.seq > :after ORDER BY m.seq LIMIT :limit"
                : OF_OWNED + (before != null ? " AND m.seq < :before" : "") + " ORDER BY m.seq DESC LIMIT :limit";
        var query = owned(h.createQuery(sql), owner)
                .bind("conversation", conversation)
                .bind("limit", limit);
        if (after != null) {
            query.bind("after", after);
        } else if (before != null) {
            query.bind("before", before);
        }
        List<Message> rows = new ArrayList<>(query.map(MessageStore::row).list());
        if (after == null) {
            java.util.Collections.reverse(rows);
        }
        return rows;
    }

    /** The messages of {@code owner}'s conversation with {@code status}, in seq order. */
    List<Message> withStatus(Handle h, Owner owner, String conversation, Message.Status status) {
        return owned(h.createQuery(OF_OWNED + " AND m.status = :status ORDER BY m.seq"), owner)
                .bind("conversation", conversation)
                .bind("status", status.id())
                .map(MessageStore::row)
                .list();
    }

    /** The newest complete summary of {@code owner}'s conversation before seq {@code before}, if there is one. */
    Optional<Message> latestSummary(Handle h, Owner owner, String conversation, long before) {
        return owned(
                        h.createQuery(OF_OWNED + " AND m.kind = 'summary' AND m.status = 'complete' AND m.seq < "
                                + ":before ORDER BY m.seq DESC LIMIT 1"),
                        owner)
                .bind("conversation", conversation)
                .bind("before", before)
                .map(MessageStore::row)
                .findOne();
    }

    /** Saves the text written so far of {@code owner}'s open answer {@code id}, and that it is alive at {@code now}. */
    void checkpoint(Handle h, Owner owner, String conversation, String id, List<Part> content, long now) {
        owned(
                        h.createUpdate("UPDATE conversation_messages SET content = :content, updated_at = :now WHERE "
                                + "id = :id AND status IN ('queued', 'streaming') AND conversation_id IN (SELECT id "
                                + "FROM conversations c WHERE c.id = :conversation AND " + OWNER + ")"),
                        owner)
                .bind("content", json(content))
                .bind("now", now)
                .bind("id", id)
                .bind("conversation", conversation)
                .execute();
    }

    /** The messages of {@code owner}'s conversation from seq {@code from} to {@code to}, in seq order. */
    List<Message> range(Handle h, Owner owner, String conversation, long from, long to) {
        return owned(h.createQuery(OF_OWNED + " AND m.seq >= :from AND m.seq <= :to ORDER BY m.seq"), owner)
                .bind("conversation", conversation)
                .bind("from", from)
                .bind("to", to)
                .map(MessageStore::row)
                .list();
    }

    private static <S extends SqlStatement<S>> S owned(S statement, Owner owner) {
        return statement.bind("key", owner.keyId()).bind("user", owner.userColumn());
    }

    /** Binds the columns an insert and an update both write. */
    private static <S extends SqlStatement<S>> S fields(S statement, Message m) {
        Message.Usage usage = m.usage();
        Double cost = m.costUsd();
        return statement
                .bind("id", m.id())
                .bind("status", m.status().id())
                .bind("content", json(m.content()))
                .bind("toolCalls", m.toolCalls() == null ? null : json(m.toolCalls()))
                .bind("model", m.model())
                .bind("deployment", m.deployment())
                .bind("promptTokens", usage == null ? null : usage.promptTokens())
                .bind("completionTokens", usage == null ? null : usage.completionTokens())
                .bind("cost", cost == null ? null : Money.toNanos(cost))
                .bind("latency", m.latencyMs())
                .bind("finishReason", m.finishReason())
                .bind("error", m.error())
                .bind("metadata", json(m.metadata()))
                .bind("updated", m.updated().toEpochMilli());
    }

    private static String json(Object value) {
        return new String(Json.bytes(value), StandardCharsets.UTF_8);
    }

    private static Message row(ResultSet rs, StatementContext ctx) throws SQLException {
        long prompt = rs.getLong("prompt_tokens");
        Message.Usage usage = rs.wasNull() ? null : new Message.Usage(prompt, rs.getLong("completion_tokens"));
        return new Message(
                rs.getString("id"),
                rs.getString("conversation_id"),
                rs.getLong("seq"),
                Message.Role.of(rs.getString("role")),
                Message.Kind.of(rs.getString("kind")),
                Message.Status.of(rs.getString("status")),
                read(rs.getString("content"), PARTS),
                nullableTree(rs.getString("tool_calls")),
                nullableLong(rs, "covers_seq"),
                rs.getString("model"),
                rs.getString("deployment"),
                usage,
                nullableCost(rs),
                nullableLong(rs, "latency_ms"),
                rs.getString("finish_reason"),
                rs.getString("error"),
                ConversationStore.object(rs.getString("metadata")),
                Instant.ofEpochMilli(rs.getLong("created_at")),
                Instant.ofEpochMilli(rs.getLong("updated_at")));
    }

    private static @Nullable Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private static @Nullable Double nullableCost(ResultSet rs) throws SQLException {
        long nanos = rs.getLong("cost_nanousd");
        return rs.wasNull() ? null : Money.toUsd(nanos);
    }

    private static @Nullable JsonNode nullableTree(@Nullable String json) {
        return json == null ? null : read(json, new TypeReference<JsonNode>() {});
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return Json.mapper().readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException("a stored message cannot be read", e);
        }
    }
}
