package dev.helix.storage;

import java.sql.SQLException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.jdbi.v3.core.statement.ParsedSql;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.StatementContext;
import org.jspecify.annotations.Nullable;

/**
 * Time spent in each database statement run through Jdbi since start, by normalised statement text ({@link SqlText}:
 * placeholders and literals as {@code ?}, so bound values — which may be secrets — are never kept), for the
 * performance monitor's "top slow queries".
 *
 * <p>Implementation notes: registered as Jdbi's {@link SqlLogger}, so it runs after every statement on the
 * statement's thread. The normalised text of each raw statement is computed once and cached; at most
 * {@link #MAX_STATEMENTS} distinct statements are kept apart and any beyond that are counted together as
 * {@link #OTHER}, so memory stays bounded whatever runs.
 */
public final class QueryTimings implements SqlLogger {
    /** Most distinct statements kept apart. */
    public static final int MAX_STATEMENTS = 500;
    /** The text under which statements beyond {@link #MAX_STATEMENTS} are counted. */
    public static final String OTHER = "(other statements)";

    /**
     * One statement's figures.
     *
     * @param sql        the normalised text
     * @param count      executions
     * @param errors     executions that failed
     * @param totalNanos time spent in them
     * @param maxNanos   the longest one
     */
    public record Stats(String sql, long count, long errors, long totalNanos, long maxNanos) {}

    private static final class Totals {
        final LongAdder count = new LongAdder();
        final LongAdder errors = new LongAdder();
        final LongAdder nanos = new LongAdder();
        final AtomicLong max = new AtomicLong();
    }

    private final ConcurrentHashMap<String, String> normalized = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Totals> totals = new ConcurrentHashMap<>();

    @Override
    public void logAfterExecution(StatementContext context) {
        record(context, context.getCompletionMoment(), false);
    }

    @Override
    public void logException(StatementContext context, SQLException ex) {
        record(context, context.getExceptionMoment(), true);
    }

    private void record(StatementContext context, @Nullable Instant end, boolean failed) {
        Instant start = context.getExecutionMoment();
        ParsedSql parsed = context.getParsedSql();
        String raw = parsed != null ? parsed.getSql() : context.getRenderedSql();
        if (start == null || end == null || raw == null) {
            return;
        }
        long nanos = Math.max(0, java.time.Duration.between(start, end).toNanos());
        record(raw, nanos, failed);
    }

    /** Counts one execution of {@code sql} (raw text, values bound as parameters) that took {@code nanos}. */
    void record(String sql, long nanos, boolean failed) {
        Totals t = totals.get(key(sql));
        if (t == null) {
            String key = totals.size() >= MAX_STATEMENTS ? OTHER : key(sql);
            t = totals.computeIfAbsent(key, k -> new Totals());
        }
        t.count.increment();
        t.nanos.add(nanos);
        t.max.accumulateAndGet(nanos, Math::max);
        if (failed) {
            t.errors.increment();
        }
    }

    private String key(String raw) {
        String n = normalized.get(raw);
        if (n == null) {
            n = SqlText.normalize(raw);
            if (normalized.size() < 4 * MAX_STATEMENTS) {
                normalized.put(raw, n);
            }
        }
        return n;
    }

    /** The {@code n} statements with the most total time, most first. */
    public List<Stats> slowest(int n) {
        return totals.entrySet().stream()
                .map(e -> new Stats(
                        e.getKey(),
                        e.getValue().count.sum(),
                        e.getValue().errors.sum(),
                        e.getValue().nanos.sum(),
                        e.getValue().max.get()))
                .sorted(Comparator.comparingLong(Stats::totalNanos).reversed())
                .limit(n)
                .toList();
    }
}
