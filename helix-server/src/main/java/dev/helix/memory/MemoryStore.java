package dev.helix.memory;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.helix.conversations.Owner;
import dev.helix.internal.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.SqlStatement;
import org.jdbi.v3.core.statement.StatementContext;
import org.jspecify.annotations.Nullable;

/**
 * The {@code memory_items}, {@code memory_history} and {@code memory_profiles} tables. Every statement that reads or
 * changes an owner's rows names the owner in its {@code WHERE} clause ({@code key_id = :key AND user_id = :user}),
 * so another owner's row is never even read; the only statements without it serve admins' read-only access and the
 * index, which holds every owner's memories and filters them itself. No agent (a memory for every agent) is stored
 * as {@link #EVERY_AGENT}, as no user is stored as {@link Owner#NO_USER}.
 */
final class MemoryStore {
    /** What the {@code agent_id} column holds for a memory of every agent. */
    static final String EVERY_AGENT = "";

    private static final String COLUMNS = "id, key_id, user_id, agent_id, kind, text, sources, confidence, "
            + "valid_from, valid_to, created_at, updated_at, version";
    private static final String OWNED = "key_id = :key AND user_id = :user";
    private static final String HELD = "(valid_to IS NULL OR valid_to > :now)";
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

    void insert(Handle h, MemoryItem m) {
        h.createUpdate("INSERT INTO memory_items (" + COLUMNS + ") VALUES (:id, :key, :user, :agent, :kind, :text, "
                        + ":sources, :confidence, :validFrom, :validTo, :created, :updated, :version)")
                .bind("id", m.id())
                .bind("key", m.key())
                .bind("user", m.owner().userColumn())
                .bind("agent", agentColumn(m.agent()))
                .bind("kind", m.kind().id())
                .bind("text", m.text())
                .bind("sources", json(m.sources()))
                .bind("confidence", m.confidence())
                .bind("validFrom", m.validFrom().toEpochMilli())
                .bind("validTo", millis(m.validTo()))
                .bind("created", m.created().toEpochMilli())
                .bind("updated", m.updated().toEpochMilli())
                .bind("version", m.version())
                .execute();
    }

    /** {@code owner}'s memory {@code id}, if it has one. */
    Optional<MemoryItem> find(Handle h, Owner owner, String id) {
        return owned(h.createQuery("SELECT " + COLUMNS + " FROM memory_items WHERE id = :id AND " + OWNED), owner)
                .bind("id", id)
                .map(MemoryStore::row)
                .findOne();
    }

    /** Memory {@code id} whoever owns it: for admins' read-only access and the index only. */
    Optional<MemoryItem> findAny(Handle h, String id) {
        return h.createQuery("SELECT " + COLUMNS + " FROM memory_items WHERE id = :id")
                .bind("id", id)
                .map(MemoryStore::row)
                .findOne();
    }

    /**
     * Writes what may change of {@code m} (owned) over the version before it; false if its owner has no such row at
     * that version (it is gone, or another change came first).
     */
    boolean update(Handle h, MemoryItem m) {
        return owned(
                                h.createUpdate("UPDATE memory_items SET kind = :kind, text = :text, confidence = "
                                        + ":confidence, valid_to = :validTo, updated_at = :updated, version = "
                                        + ":version WHERE id = :id AND version = :previous AND " + OWNED),
                                m.owner())
                        .bind("id", m.id())
                        .bind("previous", m.version() - 1)
                        .bind("kind", m.kind().id())
                        .bind("text", m.text())
                        .bind("confidence", m.confidence())
                        .bind("validTo", millis(m.validTo()))
                        .bind("updated", m.updated().toEpochMilli())
                        .bind("version", m.version())
                        .execute()
                == 1;
    }

    /** Deletes {@code owner}'s memory {@code id} and its history; answers how many history entries it had. */
    int delete(Handle h, Owner owner, String id) {
        int history = owned(h.createUpdate("DELETE FROM memory_history WHERE item_id = :id AND " + OWNED), owner)
                .bind("id", id)
                .execute();
        owned(h.createUpdate("DELETE FROM memory_items WHERE id = :id AND " + OWNED), owner)
                .bind("id", id)
                .execute();
        return history;
    }

    /** Records {@code m}, as it is now, as the change {@code action} by {@code actor}. */
    void record(Handle h, MemoryItem m, String action, String actor) {
        h.createUpdate("INSERT INTO memory_history (item_id, version, key_id, user_id, action, actor, at, text, kind, "
                        + "confidence, valid_to) VALUES (:id, :version, :key, :user, :action, :actor, :at, :text, "
                        + ":kind, :confidence, :validTo)")
                .bind("id", m.id())
                .bind("version", m.version())
                .bind("key", m.key())
                .bind("user", m.owner().userColumn())
                .bind("action", action)
                .bind("actor", actor)
                .bind("at", m.updated().toEpochMilli())
                .bind("text", m.text())
                .bind("kind", m.kind().id())
                .bind("confidence", m.confidence())
                .bind("validTo", millis(m.validTo()))
                .execute();
    }

    /** The history of memory {@code id} (whose owner the caller has checked), oldest first. */
    List<MemoryChange> history(Handle h, String id) {
        return h.createQuery("SELECT version, action, actor, at, text, kind, confidence, valid_to FROM memory_history "
                        + "WHERE item_id = :id ORDER BY version")
                .bind("id", id)
                .map((rs, ctx) -> new MemoryChange(
                        rs.getLong("version"),
                        rs.getString("action"),
                        rs.getString("actor"),
                        Instant.ofEpochMilli(rs.getLong("at")),
                        rs.getString("text"),
                        MemoryKind.of(rs.getString("kind")),
                        rs.getDouble("confidence"),
                        instant(rs, "valid_to")))
                .list();
    }

    /** A page of the memories {@code q} asks for, newest change first, with one more to tell if more follow. */
    List<MemoryItem> list(Handle h, MemoryQuery q, Instant now) {
        Map<String, Object> binds = new LinkedHashMap<>();
        List<String> where = new ArrayList<>();
        if (q.anyOwner()) {
            q.key().ifPresent(k -> condition(where, binds, "key_id = :key", "key", k));
        } else {
            condition(where, binds, OWNED, "key", q.caller().owner().keyId());
            binds.put("user", q.caller().owner().userColumn());
        }
        q.agent().ifPresent(a -> condition(where, binds, "agent_id = :agent", "agent", a));
        q.kind().ifPresent(k -> condition(where, binds, "kind = :kind", "kind", k.id()));
        if (q.validOnly()) {
            condition(where, binds, "valid_from <= :now AND " + HELD, "now", now.toEpochMilli());
        }
        q.text().ifPresent(t -> condition(where, binds, "LOWER(text) LIKE :text ESCAPE '!'", "text", like(t)));
        MemoryCursor cursor = q.cursor();
        if (cursor != null) {
            where.add("(updated_at < :after OR (updated_at = :after AND id < :afterId))");
            binds.put("after", cursor.updatedMillis());
            binds.put("afterId", cursor.id());
        }
        String sql = "SELECT " + COLUMNS + " FROM memory_items"
                + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                + " ORDER BY updated_at DESC, id DESC LIMIT :limit";
        Query query = h.createQuery(sql).bind("limit", q.limit() + 1);
        binds.forEach(query::bind);
        return query.map(MemoryStore::row).list();
    }

    /** Every memory that has not ended by {@code now}, of every owner, to {@code sink}: what the index is built of. */
    void eachHeld(Handle h, Instant now, Consumer<MemoryItem> sink) {
        h.createQuery("SELECT " + COLUMNS + " FROM memory_items WHERE " + HELD)
                .bind("now", now.toEpochMilli())
                .setFetchSize(1000)
                .map(MemoryStore::row)
                .useStream(rows -> rows.forEach(sink));
    }

    /** {@code owner}'s memories that have not ended by {@code now}. */
    List<MemoryItem> held(Handle h, Owner owner, Instant now) {
        return owned(h.createQuery("SELECT " + COLUMNS + " FROM memory_items WHERE " + OWNED + " AND " + HELD), owner)
                .bind("now", now.toEpochMilli())
                .map(MemoryStore::row)
                .list();
    }

    /**
     * Deletes all of {@code owner}'s memories (only those for {@code agent} if given) and their history, and with no
     * agent the profile too; answers how many rows of each went.
     */
    Forgotten forget(Handle h, Owner owner, @Nullable String agent) {
        String which = agent == null ? "" : " AND agent_id = :agent";
        int history = bindAgent(
                        owned(
                                h.createUpdate("DELETE FROM memory_history WHERE " + OWNED
                                        + " AND item_id IN (SELECT id FROM memory_items WHERE " + OWNED + which
                                        + ")"),
                                owner),
                        agent)
                .execute();
        int items = bindAgent(owned(h.createUpdate("DELETE FROM memory_items WHERE " + OWNED + which), owner), agent)
                .execute();
        int profile = agent != null
                ? 0
                : owned(h.createUpdate("DELETE FROM memory_profiles WHERE " + OWNED), owner)
                        .execute();
        return new Forgotten(items, history, profile);
    }

    /** How many rows forgetting deleted. */
    record Forgotten(int items, int history, int profile) {}

    /** {@code owner}'s pinned profile, if it has one. */
    Optional<Profile> profile(Handle h, Owner owner) {
        return owned(
                        h.createQuery("SELECT text, version, actor, updated_at FROM memory_profiles WHERE " + OWNED),
                        owner)
                .map((rs, ctx) -> new Profile(
                        rs.getString("text"),
                        rs.getLong("version"),
                        rs.getString("actor"),
                        Instant.ofEpochMilli(rs.getLong("updated_at"))))
                .findOne();
    }

    /** Writes {@code owner}'s pinned profile as {@code p}, made or replaced in one statement. */
    void putProfile(Handle h, Owner owner, Profile p) {
        owned(
                        h.createUpdate(
                                "INSERT INTO memory_profiles (key_id, user_id, text, version, actor, updated_at) "
                                        + "VALUES (:key, :user, :text, :version, :actor, :updated) "
                                        + "ON CONFLICT (key_id, user_id) DO UPDATE SET text = excluded.text, "
                                        + "version = excluded.version, actor = excluded.actor, updated_at = excluded.updated_at"),
                        owner)
                .bind("text", p.text())
                .bind("version", p.version())
                .bind("actor", p.actor())
                .bind("updated", p.updated().toEpochMilli())
                .execute();
    }

    /** Deletes {@code owner}'s pinned profile; false if it had none. */
    boolean deleteProfile(Handle h, Owner owner) {
        return owned(h.createUpdate("DELETE FROM memory_profiles WHERE " + OWNED), owner)
                        .execute()
                == 1;
    }

    /**
     * An owner's pinned profile.
     *
     * @param text    the profile
     * @param version 1 when first set, one more with every change
     * @param actor   who set it last
     * @param updated when
     */
    record Profile(String text, long version, String actor, Instant updated) {}

    private static void condition(List<String> where, Map<String, Object> binds, String sql, String name, Object v) {
        where.add(sql);
        binds.put(name, v);
    }

    private static <S extends SqlStatement<S>> S owned(S statement, Owner owner) {
        return statement.bind("key", owner.keyId()).bind("user", owner.userColumn());
    }

    private static <S extends SqlStatement<S>> S bindAgent(S statement, @Nullable String agent) {
        return agent == null ? statement : statement.bind("agent", agent);
    }

    static String agentColumn(@Nullable String agent) {
        return agent == null ? EVERY_AGENT : agent;
    }

    /** {@code %text%} in lower case, with LIKE's wildcards in it escaped by '!'. */
    private static String like(String text) {
        return "%"
                + text.toLowerCase(java.util.Locale.ROOT)
                        .replace("!", "!!")
                        .replace("_", "!_")
                        .replace("%", "!%") + "%";
    }

    private static @Nullable Long millis(@Nullable Instant at) {
        return at == null ? null : at.toEpochMilli();
    }

    private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

    private static String json(List<String> values) {
        return new String(Json.bytes(values), StandardCharsets.UTF_8);
    }

    private static List<String> strings(String json) {
        try {
            return Json.mapper().readValue(json, STRINGS);
        } catch (IOException e) {
            throw new UncheckedIOException("a stored JSON array cannot be read", e);
        }
    }

    static MemoryItem row(ResultSet rs, StatementContext ctx) throws SQLException {
        Owner owner = Owner.fromColumns(rs.getString("key_id"), rs.getString("user_id"));
        String agent = rs.getString("agent_id");
        return new MemoryItem(
                rs.getString("id"),
                owner.keyId(),
                owner.user(),
                agent.equals(EVERY_AGENT) ? null : agent,
                MemoryKind.of(rs.getString("kind")),
                rs.getString("text"),
                strings(rs.getString("sources")),
                rs.getDouble("confidence"),
                Instant.ofEpochMilli(rs.getLong("valid_from")),
                instant(rs, "valid_to"),
                Instant.ofEpochMilli(rs.getLong("created_at")),
                Instant.ofEpochMilli(rs.getLong("updated_at")),
                rs.getLong("version"));
    }
}
