package dev.helix.conversations;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.helix.internal.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The {@code conversations} table. Every statement that reads or changes a caller's conversation names the owner in
 * its {@code WHERE} clause ({@code key_id = :key AND user_id = :user}), so another owner's row is never even read;
 * the only statements without it are {@link #findAny} and the {@code anyOwner} list, which serve admins' read-only
 * access to everything. No user is stored as {@link Owner#NO_USER}, so the owner is a plain equality an index serves.
 */
final class ConversationStore {
    private static final String COLUMNS = "id, key_id, user_id, agent_id, title, archived, metadata, created_at, "
            + "updated_at, last_seq, answering, lease_until";
    private static final String OWNED = "key_id = :key AND user_id = :user";

    void insert(Handle h, Conversation c) {
        h.createUpdate("INSERT INTO conversations (" + COLUMNS + ") VALUES (:id, :key, :user, :agent, :title, "
                        + ":archived, :metadata, :created, :updated, 0, NULL, NULL)")
                .bind("id", c.id())
                .bind("key", c.key())
                .bind("user", c.owner().userColumn())
                .bind("agent", c.agent())
                .bind("title", c.title())
                .bind("archived", c.archived())
                .bind("metadata", json(c.metadata()))
                .bind("created", c.created().toEpochMilli())
                .bind("updated", c.updated().toEpochMilli())
                .execute();
    }

    /** {@code owner}'s conversation {@code id}, if it has one. */
    Optional<Conversation> find(Handle h, Owner owner, String id) {
        return owned(h.createQuery("SELECT " + COLUMNS + " FROM conversations WHERE id = :id AND " + OWNED), owner)
                .bind("id", id)
                .map(ConversationStore::row)
                .findOne();
    }

    /** Conversation {@code id} whoever owns it: for admins' read-only access only. */
    Optional<Conversation> findAny(Handle h, String id) {
        return h.createQuery("SELECT " + COLUMNS + " FROM conversations WHERE id = :id")
                .bind("id", id)
                .map(ConversationStore::row)
                .findOne();
    }

    /** A page of the conversations {@code q} asks for, newest update first, with one more to tell if more follow. */
    List<Conversation> list(Handle h, ListQuery q) {
        Map<String, Object> binds = new LinkedHashMap<>();
        List<String> where = new ArrayList<>();
        if (q.anyOwner()) {
            q.key().ifPresent(k -> condition(where, binds, "key_id = :key", "key", k));
            q.user().ifPresent(u -> condition(where, binds, "user_id = :user", "user", u));
        } else {
            condition(where, binds, OWNED, "key", q.caller().owner().keyId());
            binds.put("user", q.caller().owner().userColumn());
        }
        q.agent().ifPresent(a -> condition(where, binds, "agent_id = :agent", "agent", a));
        q.archived().ifPresent(a -> condition(where, binds, "archived = :archived", "archived", a));
        Cursor cursor = q.cursor();
        if (cursor != null) {
            where.add("(updated_at < :after OR (updated_at = :after AND id < :afterId))");
            binds.put("after", cursor.updatedMillis());
            binds.put("afterId", cursor.id());
        }
        String sql = "SELECT " + COLUMNS + " FROM conversations"
                + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                + " ORDER BY updated_at DESC, id DESC LIMIT :limit";
        Query query = h.createQuery(sql).bind("limit", q.limit() + 1);
        binds.forEach(query::bind);
        return query.map(ConversationStore::row).list();
    }

    private static void condition(List<String> where, Map<String, Object> binds, String sql, String name, Object v) {
        where.add(sql);
        binds.put(name, v);
    }

    /** Writes {@code c}'s title, archived flag, metadata and update time; false if {@code c}'s owner has no such row. */
    boolean update(Handle h, Conversation c) {
        return owned(
                                h.createUpdate("UPDATE conversations SET title = :title, archived = :archived, "
                                        + "metadata = :metadata, updated_at = :updated WHERE id = :id AND " + OWNED),
                                c.owner())
                        .bind("id", c.id())
                        .bind("title", c.title())
                        .bind("archived", c.archived())
                        .bind("metadata", json(c.metadata()))
                        .bind("updated", c.updated().toEpochMilli())
                        .execute()
                == 1;
    }

    /** Deletes {@code owner}'s conversation {@code id} and its messages; returns how many messages it had. */
    int delete(Handle h, Owner owner, String id) {
        int messages = h.createUpdate("DELETE FROM conversation_messages WHERE conversation_id = "
                        + "(SELECT id FROM conversations WHERE id = :id AND " + OWNED + ")")
                .bind("id", id)
                .bind("key", owner.keyId())
                .bind("user", owner.userColumn())
                .execute();
        owned(h.createUpdate("DELETE FROM conversations WHERE id = :id AND " + OWNED), owner)
                .bind("id", id)
                .execute();
        return messages;
    }

    private static <S extends org.jdbi.v3.core.statement.SqlStatement<S>> S owned(S statement, Owner owner) {
        return statement.bind("key", owner.keyId()).bind("user", owner.userColumn());
    }

    static String json(ObjectNode value) {
        return new String(Json.bytes(value), java.nio.charset.StandardCharsets.UTF_8);
    }

    static ObjectNode object(String json) {
        try {
            return (ObjectNode) Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("a stored JSON object cannot be read", e);
        }
    }

    private static Conversation row(ResultSet rs, StatementContext ctx) throws SQLException {
        Owner owner = Owner.fromColumns(rs.getString("key_id"), rs.getString("user_id"));
        return new Conversation(
                rs.getString("id"),
                rs.getString("agent_id"),
                rs.getString("title"),
                owner.keyId(),
                owner.user(),
                rs.getBoolean("archived"),
                object(rs.getString("metadata")),
                Instant.ofEpochMilli(rs.getLong("created_at")),
                Instant.ofEpochMilli(rs.getLong("updated_at")),
                rs.getLong("last_seq"),
                rs.getString("answering"));
    }
}
