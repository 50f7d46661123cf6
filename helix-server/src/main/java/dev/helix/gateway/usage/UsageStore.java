package dev.helix.gateway.usage;

import static java.util.stream.Collectors.joining;

import dev.helix.events.EventLog;
import dev.helix.events.NewEvent;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;
import org.jspecify.annotations.Nullable;

/** The {@code llm_usage} table. The same SQL runs on SQLite and PostgreSQL. */
final class UsageStore {
    /** A record waiting to be written, with the row id that makes a retried write harmless. */
    record Row(String id, UsageRecord record, long costNanos) {}

    /** Current-period spend of one key as the database has it, in nano-dollars. */
    record Spend(long day, long month) {}

    private static final String INSERT = "INSERT INTO llm_usage (id, at, request_id, key_id, model, provider, "
            + "deployment, prompt_tokens, completion_tokens, cached_tokens, reasoning_tokens, cost_nanousd, "
            + "latency_ms, status, cache_hit, attempts, failed_answers, refused, agent, task) VALUES (:id, :at, "
            + ":requestId, :keyId, :model, :provider, :deployment, :prompt, :completion, :cached, :reasoning, :cost, "
            + ":latency, :status, :cacheHit, :attempts, :failedAnswers, :refused, :agent, :task) "
            + "ON CONFLICT (id) DO NOTHING";
    /** Refused requests counted by reason (see {@link Refusal}). */
    private static final String REFUSED_SUMS = "SUM(CASE WHEN refused = 'budget' THEN 1 ELSE 0 END) AS refused_budget, "
            + "SUM(CASE WHEN refused = 'rpm' THEN 1 ELSE 0 END) AS refused_rpm, "
            + "SUM(CASE WHEN refused = 'tpm' THEN 1 ELSE 0 END) AS refused_tpm, "
            + "SUM(CASE WHEN refused = 'invalid' THEN 1 ELSE 0 END) AS refused_invalid ";
    /** Keys per spend query, well under every engine's limit on bound parameters. */
    private static final int KEYS_PER_QUERY = 500;

    private final Jdbi jdbi;

    UsageStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * Writes {@code rows} in one transaction, and last in it a {@code gateway.called} event to {@code log} for each
     * row written; rows already written (same id) are skipped, and so are their events. Returns the last event's id
     * (0: none).
     */
    long insert(List<Row> rows, EventLog log) {
        return jdbi.inTransaction(h -> {
            PreparedBatch batch = h.prepareBatch(INSERT);
            for (Row row : rows) {
                UsageRecord r = row.record();
                batch.bind("id", row.id())
                        .bind("at", r.at().toEpochMilli())
                        .bind("requestId", r.requestId())
                        .bind("keyId", r.keyId())
                        .bind("model", r.model())
                        .bind("provider", r.provider())
                        .bind("deployment", r.deployment())
                        .bind("prompt", r.usage().promptTokens())
                        .bind("completion", r.usage().completionTokens())
                        .bind("cached", r.usage().cachedTokens())
                        .bind("reasoning", r.usage().reasoningTokens())
                        .bind("cost", row.costNanos())
                        .bind("latency", r.latencyMillis())
                        .bind("status", r.status())
                        .bind("cacheHit", r.cacheHit())
                        .bind("attempts", r.attempts())
                        .bind("failedAnswers", r.failedAnswers())
                        .bind(
                                "refused",
                                r.refused() == null ? null : r.refused().id())
                        .bind("agent", r.agent())
                        .bind("task", r.task())
                        .add();
            }
            int[] written = batch.execute();
            List<NewEvent> events = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                if (written[i] != 0) {
                    events.add(GatewayEvents.called(rows.get(i).record()));
                }
            }
            return log.appendAll(h, events);
        });
    }

    /** The spend of {@code keyId} at or after {@code sinceMillis}, in nano-dollars. */
    long spendSince(String keyId, long sinceMillis) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COALESCE(SUM(cost_nanousd), 0) FROM llm_usage "
                        + "WHERE key_id = :key AND at >= :since")
                .bind("key", keyId)
                .bind("since", sinceMillis)
                .mapTo(Long.class)
                .one());
    }

    /** Each key's spend since {@code dayStart} and since {@code monthStart}; keys without spend are left out. */
    Map<String, Spend> spendByKey(Collection<String> keyIds, long monthStart, long dayStart) {
        Map<String, Spend> out = new HashMap<>();
        List<String> all = List.copyOf(keyIds);
        for (int i = 0; i < all.size(); i += KEYS_PER_QUERY) {
            List<String> chunk = all.subList(i, Math.min(all.size(), i + KEYS_PER_QUERY));
            jdbi.useHandle(h -> h.createQuery("SELECT key_id, "
                            + "SUM(CASE WHEN at >= :day THEN cost_nanousd ELSE 0 END) AS day_cost, "
                            + "SUM(cost_nanousd) AS month_cost FROM llm_usage "
                            + "WHERE at >= :month AND key_id IN (<keys>) GROUP BY key_id")
                    .bind("day", dayStart)
                    .bind("month", monthStart)
                    .bindList("keys", chunk)
                    .map((rs, ctx) -> Map.entry(
                            rs.getString("key_id"), new Spend(rs.getLong("day_cost"), rs.getLong("month_cost"))))
                    .forEach(e -> out.put(e.getKey(), e.getValue())));
        }
        return out;
    }

    /** Usage between {@code q.from()} (inclusive) and {@code q.to()} (exclusive), filtered and grouped as asked. */
    List<UsageReport.Row> report(UsageQuery q) {
        List<String> groups = new ArrayList<>();
        for (int i = 0; i < q.groupBy().size(); i++) {
            groups.add(q.groupBy().get(i).expression() + " AS grp" + i);
        }
        String sql = "SELECT " + String.join(", ", groups) + ", COUNT(*) AS requests, SUM(prompt_tokens) AS prompt, "
                + "SUM(completion_tokens) AS completion, SUM(cached_tokens) AS cached, "
                + "SUM(reasoning_tokens) AS reasoning, SUM(cost_nanousd) AS cost, "
                + "SUM(CASE WHEN cache_hit THEN 1 ELSE 0 END) AS hits, "
                + "SUM(CASE WHEN status >= 400 THEN 1 ELSE 0 END) AS errors, "
                + "SUM(failed_answers) AS failed_answers, " + REFUSED_SUMS
                + "FROM llm_usage WHERE at >= :from AND at < :to"
                + (q.keyId() == null ? "" : " AND key_id = :key")
                + (q.agent() == null ? "" : " AND agent = :agent")
                + (q.task() == null ? "" : " AND task = :task")
                + " GROUP BY "
                + q.groupBy().stream().map(UsageQuery.GroupBy::expression).collect(joining(", "));
        return jdbi.withHandle(h -> {
            Query query =
                    h.createQuery(sql).bind("from", q.from().toEpochMilli()).bind("to", q.to().toEpochMilli());
            bindIfSet(query, "key", q.keyId());
            bindIfSet(query, "agent", q.agent());
            bindIfSet(query, "task", q.task());
            return query.map((rs, ctx) -> row(rs, q.groupBy())).list();
        });
    }

    private static void bindIfSet(Query query, String name, @Nullable String value) {
        if (value != null) {
            query.bind(name, value);
        }
    }

    private static UsageReport.Row row(ResultSet rs, List<UsageQuery.GroupBy> groupBy) throws SQLException {
        List<String> columns = new ArrayList<>();
        List<@Nullable String> values = new ArrayList<>();
        for (int i = 0; i < groupBy.size(); i++) {
            columns.add(groupBy.get(i).id());
            values.add(value(rs, "grp" + i, groupBy.get(i)));
        }
        return new UsageReport.Row(
                new UsageGroup(columns, values),
                rs.getLong("requests"),
                rs.getLong("prompt"),
                rs.getLong("completion"),
                rs.getLong("cached"),
                rs.getLong("reasoning"),
                rs.getLong("cost"),
                rs.getLong("hits"),
                rs.getLong("errors"),
                rs.getLong("failed_answers"),
                new UsageReport.Refused(
                        rs.getLong("refused_budget"),
                        rs.getLong("refused_rpm"),
                        rs.getLong("refused_tpm"),
                        rs.getLong("refused_invalid")));
    }

    /** A group's value: a UTC date for {@link UsageQuery.GroupBy#DAY}, else the column's text (null if none). */
    private static @Nullable String value(ResultSet rs, String column, UsageQuery.GroupBy groupBy) throws SQLException {
        return groupBy == UsageQuery.GroupBy.DAY
                ? LocalDate.ofEpochDay(rs.getLong(column)).toString()
                : rs.getString(column);
    }
}
