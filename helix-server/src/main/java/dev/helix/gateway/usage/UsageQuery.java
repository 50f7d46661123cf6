package dev.helix.gateway.usage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * What a usage report covers: records at or after {@code from} and before {@code to}, of one key or (null) all,
 * of one agent and one task or (null) any, grouped by one or more columns.
 *
 * @param from    the start, inclusive
 * @param to      the end, exclusive
 * @param groupBy what rows stand for: one column, or several (a row per combination), none twice
 * @param keyId   only this key's records, or null for every key's
 * @param agent   only records made for this agent, or null for all
 * @param task    only records of this task, or null for all
 */
record UsageQuery(
        Instant from,
        Instant to,
        List<GroupBy> groupBy,
        @Nullable String keyId,
        @Nullable String agent,
        @Nullable String task) {
    UsageQuery {
        groupBy = List.copyOf(groupBy);
        if (groupBy.isEmpty() || groupBy.stream().distinct().count() != groupBy.size()) {
            throw new IllegalArgumentException("a report is grouped by one or more different columns");
        }
    }

    /** A report of every agent and task. */
    UsageQuery(Instant from, Instant to, GroupBy groupBy, @Nullable String keyId) {
        this(from, to, List.of(groupBy), keyId, null, null);
    }

    /** How the report names its grouping: the ids of {@link #groupBy()} joined by commas ({@code agent,task}). */
    String groupByIds() {
        return groupBy.stream().map(GroupBy::id).collect(Collectors.joining(","));
    }

    /** What rows of a report stand for. */
    enum GroupBy {
        KEY("key_id"),
        MODEL("model"),
        DEPLOYMENT("deployment"),
        PROVIDER("provider"),
        /** UTC days, as whole days since the epoch (integer division works the same on both engines). */
        DAY("at / 86400000"),
        AGENT("agent"),
        TASK("task");

        private final String expression;

        GroupBy(String expression) {
            this.expression = expression;
        }

        /** The SQL expression rows are grouped by (fixed text, never from a request). */
        String expression() {
            return expression;
        }

        String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Every id, for messages: {@code key, model, deployment, provider, day, agent, task}. */
        static String ids() {
            return Arrays.stream(values()).map(GroupBy::id).collect(Collectors.joining(", "));
        }

        static GroupBy parse(String text) {
            for (GroupBy g : values()) {
                if (g.id().equals(text)) {
                    return g;
                }
            }
            throw new IllegalArgumentException("groupBy must be one of " + ids() + ", or several of them separated by "
                    + "commas; not '" + (text.length() > 40 ? text.substring(0, 40) + "…" : text) + "'");
        }

        /** Comma-separated ids ({@code agent,task}), each once. */
        static List<GroupBy> parseList(String text) {
            List<GroupBy> out = new ArrayList<>();
            for (String id : text.split(",", -1)) {
                GroupBy g = parse(id);
                if (out.contains(g)) {
                    throw new IllegalArgumentException("groupBy names '" + g.id() + "' twice");
                }
                out.add(g);
            }
            return out;
        }
    }
}
