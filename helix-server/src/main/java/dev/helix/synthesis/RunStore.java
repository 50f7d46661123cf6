package dev.helix.synthesis;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.helix.conversations.Owner;
import dev.helix.internal.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
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
import org.jspecify.annotations.Nullable;

/**
 * The {@code synthesis_runs} and {@code synthesis_marks} tables, and the one read of the {@code conversations}
 * table that finds the conversations due for a run.
 *
 * <p>Implementation notes: at most one run of a conversation is active (queued, running or deferred) at a time, on
 * every node: a unique partial index says so, and queueing is an {@code INSERT … ON CONFLICT DO NOTHING}, so two
 * nodes queueing the same conversation at once make one run. Taking runs is one statement that picks the runs due
 * and marks them running under this node's lease; on PostgreSQL the pick locks its rows {@code FOR UPDATE SKIP
 * LOCKED}, so two nodes never take the same run (SQLite has one writer at a time). A run whose lease has passed
 * (its node stopped) is due again. Every statement that reads a caller's runs names the owner in its
 * {@code WHERE} clause; only {@link #findAny} and the {@code anyOwner} list serve admins' read-only access.
 */
final class RunStore {
    private static final String COLUMNS = "id, conversation_id, key_id, user_id, agent_id, trigger_kind, status, "
            + "attempts, next_attempt_at, lease_owner, lease_until, seq_from, seq_to, changes, prompt_tokens, "
            + "completion_tokens, cost_nanos, spent_at, error, created_at, started_at, finished_at";
    private static final String OWNED = "key_id = :key AND user_id = :user";
    private static final String DUE = "((status IN ('queued', 'deferred') AND next_attempt_at <= :now) "
            + "OR (status = 'running' AND lease_until < :now))";
    private static final String TAKEN = "status = 'running', attempts = attempts + 1, lease_owner = :node, "
            + "lease_until = :until, started_at = :now, next_attempt_at = :now";

    /** What the {@code user_id} column holds for no user (as conversations store it). */
    private static final String NO_USER = "";

    private final String takeSql;

    RunStore(boolean postgres) {
        this.takeSql = postgres
                ? "WITH picked AS (SELECT id FROM synthesis_runs WHERE " + DUE
                        + " ORDER BY next_attempt_at, id LIMIT :max FOR UPDATE SKIP LOCKED) UPDATE synthesis_runs "
                        + "SET " + TAKEN + " FROM picked WHERE synthesis_runs.id = picked.id RETURNING synthesis_runs.*"
                : "UPDATE synthesis_runs SET " + TAKEN + " WHERE id IN (SELECT id FROM synthesis_runs WHERE " + DUE
                        + " ORDER BY next_attempt_at, id LIMIT :max) RETURNING *";
    }

    /** A conversation with messages synthesis has not read. */
    record Due(Owner owner, String conversation, String agent, long lastSeq, long readTo, Instant updated) {}

    /**
     * Up to {@code max} of the conversations changed after {@code changedAfter} with unread messages that have
     * {@code every} of them or have been idle since {@code idleBefore}, and no active run, and no failed run since
     * their last message; least recently updated first.
     */
    List<Due> due(Handle h, Instant changedAfter, Instant idleBefore, int every, int max) {
        return h.createQuery("SELECT c.id, c.key_id, c.user_id, c.agent_id, c.last_seq, c.updated_at, "
                        + "COALESCE(m.seq_read, 0) AS read_to FROM conversations c "
                        + "LEFT JOIN synthesis_marks m ON m.conversation_id = c.id "
                        + "WHERE c.updated_at > :changedAfter AND c.last_seq > COALESCE(m.seq_read, 0) "
                        + "AND (c.last_seq - COALESCE(m.seq_read, 0) >= :every OR c.updated_at <= :idle) "
                        + "AND NOT EXISTS (SELECT 1 FROM synthesis_runs r WHERE r.conversation_id = c.id AND "
                        + "(r.status IN ('queued', 'running', 'deferred') OR "
                        + "(r.status = 'failed' AND r.seq_to >= c.last_seq))) "
                        + "ORDER BY c.updated_at, c.id LIMIT :max")
                .bind("changedAfter", changedAfter.toEpochMilli())
                .bind("every", every)
                .bind("idle", idleBefore.toEpochMilli())
                .bind("max", max)
                .map((rs, ctx) -> new Due(
                        owner(rs),
                        rs.getString("id"),
                        rs.getString("agent_id"),
                        rs.getLong("last_seq"),
                        rs.getLong("read_to"),
                        Instant.ofEpochMilli(rs.getLong("updated_at"))))
                .list();
    }

    /** The seq of the last message of {@code conversation} a finished run read; 0 for none. */
    long mark(Handle h, String conversation) {
        return h.createQuery("SELECT seq_read FROM synthesis_marks WHERE conversation_id = :c")
                .bind("c", conversation)
                .mapTo(Long.class)
                .findOne()
                .orElse(0L);
    }

    /** The seq of the newest message of {@code conversation}; 0 if it is gone. */
    long lastSeq(Handle h, String conversation) {
        return h.createQuery("SELECT last_seq FROM conversations WHERE id = :c")
                .bind("c", conversation)
                .mapTo(Long.class)
                .findOne()
                .orElse(0L);
    }

    /** Moves the mark of {@code conversation} to {@code seq}, never back. */
    void moveMark(Handle h, String conversation, long seq, Instant now) {
        h.createUpdate("INSERT INTO synthesis_marks (conversation_id, seq_read, updated_at) VALUES (:c, :seq, :now) "
                        + "ON CONFLICT (conversation_id) DO UPDATE SET seq_read = excluded.seq_read, "
                        + "updated_at = excluded.updated_at WHERE synthesis_marks.seq_read < excluded.seq_read")
                .bind("c", conversation)
                .bind("seq", seq)
                .bind("now", now.toEpochMilli())
                .execute();
    }

    /** Queues {@code run}; false if its conversation has an active run already (nothing is written then). */
    boolean insert(Handle h, SynthesisRun run) {
        return h.createUpdate("INSERT INTO synthesis_runs (" + COLUMNS + ") VALUES (:id, :conversation, :key, :user, "
                                + ":agent, :trigger, 'queued', 0, :next, NULL, NULL, :from, :to, :changes, 0, 0, 0, "
                                + "NULL, NULL, :created, NULL, NULL) ON CONFLICT DO NOTHING")
                        .bind("id", run.id())
                        .bind("conversation", run.conversation())
                        .bind("key", run.key())
                        .bind("user", userColumn(run.owner()))
                        .bind("agent", run.agent())
                        .bind("trigger", run.trigger())
                        .bind("next", run.created().toEpochMilli())
                        .bind("from", run.seqFrom())
                        .bind("to", run.seqTo())
                        .bind("changes", json(run.changes()))
                        .bind("created", run.created().toEpochMilli())
                        .execute()
                == 1;
    }

    /** The active run of {@code conversation}, if it has one. */
    Optional<SynthesisRun> active(Handle h, String conversation) {
        return h.createQuery("SELECT " + COLUMNS + " FROM synthesis_runs WHERE conversation_id = :c "
                        + "AND status IN ('queued', 'running', 'deferred')")
                .bind("c", conversation)
                .map(RunStore::row)
                .findOne();
    }

    /** Takes up to {@code max} runs due at {@code now} for node {@code node}, leased until {@code until}. */
    List<SynthesisRun> take(Handle h, String node, Instant now, Instant until, int max) {
        return h.createQuery(takeSql)
                .bind("node", node)
                .bind("now", now.toEpochMilli())
                .bind("until", until.toEpochMilli())
                .bind("max", max)
                .map(RunStore::row)
                .list();
    }

    /** What runs spent since {@code since}, in nano-dollars, on every node. */
    long spentSince(Handle h, Instant since) {
        return h.createQuery("SELECT COALESCE(SUM(cost_nanos), 0) FROM synthesis_runs WHERE spent_at >= :since")
                .bind("since", since.toEpochMilli())
                .mapTo(Long.class)
                .one();
    }

    /**
     * Whether node {@code node} still holds run {@code id}; when it does, the run's row is locked until the transaction
     * ends, so no other node takes it meanwhile.
     */
    boolean hold(Handle h, String id, String node) {
        return h.createUpdate("UPDATE synthesis_runs SET lease_until = lease_until "
                                + "WHERE id = :id AND status = 'running' AND lease_owner = :node")
                        .bind("id", id)
                        .bind("node", node)
                        .execute()
                == 1;
    }

    /**
     * Ends the attempt of run {@code id} that node {@code node} holds, at {@code now}, as {@code e} says; what it spent
     * counts as spent now. False if the node no longer holds it.
     */
    boolean end(Handle h, String id, String node, Instant now, Ending e) {
        return h.createUpdate(
                                "UPDATE synthesis_runs SET status = :status, attempts = attempts - :uncount, "
                                        + "next_attempt_at = :next, lease_owner = NULL, lease_until = NULL, "
                                        + "changes = :changes, prompt_tokens = prompt_tokens + :prompt, "
                                        + "completion_tokens = completion_tokens + :completion, "
                                        + "cost_nanos = cost_nanos + :cost, spent_at = :spentAt, error = :error, "
                                        + "finished_at = :finished WHERE id = :id AND status = 'running' AND lease_owner = :node")
                        .bind("status", e.status().id())
                        .bind("uncount", e.uncount() ? 1 : 0)
                        .bind("next", e.next().toEpochMilli())
                        .bind("changes", json(e.changes()))
                        .bind("prompt", e.spent().promptTokens())
                        .bind("completion", e.spent().completionTokens())
                        .bind("cost", e.spent().costNanos())
                        .bind("spentAt", now.toEpochMilli())
                        .bind("error", e.error())
                        .bind(
                                "finished",
                                e.finished() == null ? null : e.finished().toEpochMilli())
                        .bind("id", id)
                        .bind("node", node)
                        .execute()
                == 1;
    }

    /**
     * How an attempt ends.
     *
     * @param status   the run's status from now
     * @param uncount  whether the attempt does not count (deferred for the budget, paused for maintenance)
     * @param next     when it is taken next, or now when it ended
     * @param changes  the memories it changed
     * @param spent    what the attempt's calls used
     * @param error    what went wrong, or null
     * @param finished when it ended, or null if it will run again
     */
    record Ending(
            SynthesisRun.Status status,
            boolean uncount,
            Instant next,
            SynthesisRun.Changes changes,
            Spent spent,
            @Nullable String error,
            @Nullable Instant finished) {}

    /**
     * What model calls used.
     *
     * @param promptTokens     prompt tokens
     * @param completionTokens completion tokens
     * @param costNanos        cost in nano-dollars
     */
    record Spent(long promptTokens, long completionTokens, long costNanos) {
        static final Spent NOTHING = new Spent(0, 0, 0);

        Spent plus(long prompt, long completion, long cost) {
            return new Spent(promptTokens + prompt, completionTokens + completion, costNanos + cost);
        }
    }

    /** {@code owner}'s run {@code id}, if it has one. */
    Optional<SynthesisRun> find(Handle h, Owner owner, String id) {
        return h.createQuery("SELECT " + COLUMNS + " FROM synthesis_runs WHERE id = :id AND " + OWNED)
                .bind("id", id)
                .bind("key", owner.keyId())
                .bind("user", userColumn(owner))
                .map(RunStore::row)
                .findOne();
    }

    /** Run {@code id} whoever owns it: for admins' read-only access only. */
    Optional<SynthesisRun> findAny(Handle h, String id) {
        return h.createQuery("SELECT " + COLUMNS + " FROM synthesis_runs WHERE id = :id")
                .bind("id", id)
                .map(RunStore::row)
                .findOne();
    }

    /** A page of the runs {@code q} asks for, newest first, with one more to tell if more follow. */
    List<SynthesisRun> list(Handle h, RunQuery q) {
        Map<String, Object> binds = new LinkedHashMap<>();
        List<String> where = new ArrayList<>();
        if (!q.anyOwner()) {
            where.add(OWNED);
            binds.put("key", q.owner().keyId());
            binds.put("user", userColumn(q.owner()));
        }
        if (q.conversation() != null) {
            where.add("conversation_id = :conversation");
            binds.put("conversation", q.conversation());
        }
        RunCursor cursor = q.cursor();
        if (cursor != null) {
            where.add("(created_at < :after OR (created_at = :after AND id < :afterId))");
            binds.put("after", cursor.createdMillis());
            binds.put("afterId", cursor.id());
        }
        String sql = "SELECT " + COLUMNS + " FROM synthesis_runs"
                + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                + " ORDER BY created_at DESC, id DESC LIMIT :limit";
        Query query = h.createQuery(sql).bind("limit", q.limit() + 1);
        binds.forEach(query::bind);
        return query.map(RunStore::row).list();
    }

    static String userColumn(Owner owner) {
        return owner.user() == null ? NO_USER : owner.user();
    }

    private static Owner owner(ResultSet rs) throws SQLException {
        String user = rs.getString("user_id");
        return new Owner(rs.getString("key_id"), user.equals(NO_USER) ? null : user);
    }

    private static SynthesisRun row(ResultSet rs, StatementContext ctx) throws SQLException {
        Owner owner = owner(rs);
        SynthesisRun.Status status = SynthesisRun.Status.of(rs.getString("status"));
        return new SynthesisRun(
                rs.getString("id"),
                rs.getString("conversation_id"),
                owner.keyId(),
                owner.user(),
                rs.getString("agent_id"),
                rs.getString("trigger_kind"),
                status,
                rs.getInt("attempts"),
                status == SynthesisRun.Status.QUEUED || status == SynthesisRun.Status.DEFERRED
                        ? Instant.ofEpochMilli(rs.getLong("next_attempt_at"))
                        : null,
                rs.getLong("seq_from"),
                rs.getLong("seq_to"),
                changes(rs.getString("changes")),
                rs.getLong("prompt_tokens"),
                rs.getLong("completion_tokens"),
                BigDecimal.valueOf(rs.getLong("cost_nanos"), 9).stripTrailingZeros(),
                rs.getString("error"),
                Instant.ofEpochMilli(rs.getLong("created_at")),
                instant(rs, "started_at"),
                instant(rs, "finished_at"));
    }

    private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

    static String json(SynthesisRun.Changes changes) {
        return new String(Json.bytes(changes), StandardCharsets.UTF_8);
    }

    private static SynthesisRun.Changes changes(String json) {
        try {
            return Json.mapper().readValue(json, new TypeReference<SynthesisRun.Changes>() {});
        } catch (IOException e) {
            throw new UncheckedIOException("the changes of a synthesis run cannot be read", e);
        }
    }
}
