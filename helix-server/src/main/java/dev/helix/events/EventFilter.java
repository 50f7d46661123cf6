package dev.helix.events;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.statement.Query;
import org.jspecify.annotations.Nullable;

/**
 * Which events a page of the log holds: the types asked for (exact types, {@code prefix.*} patterns or {@code *})
 * and what the caller may see. An admin sees every event; any other key sees the events that describe what every
 * key may read ({@link #VISIBLE_TO_EVERY_KEY}) and the events it caused itself (its own key's creation, its calls
 * through the gateway, its command runs).
 */
final class EventFilter {
    /** Event types every key may see, whoever caused them. */
    static final Set<String> VISIBLE_TO_EVERY_KEY = Set.of(
            EventTypes.STATE_CHANGED,
            EventTypes.AGENTS_CHANGED,
            EventTypes.COMMANDS_CHANGED,
            EventTypes.MAINTENANCE_CHANGED);

    private static final String TYPE = "[a-z][a-z0-9_-]*(\\.[a-z][a-z0-9_-]*)*";

    private final List<String> patterns;
    private final @Nullable String viewer;

    private EventFilter(List<String> patterns, @Nullable String viewer) {
        this.patterns = patterns;
        this.viewer = viewer;
    }

    /**
     * A filter for {@code patterns} (empty: every type) as seen by key {@code viewer} (null: an admin, who sees
     * all). Throws {@link IllegalArgumentException} naming the first pattern that is not a type, a prefix or *.
     */
    static EventFilter of(List<String> patterns, @Nullable String viewer) {
        for (String p : patterns) {
            if (!valid(p)) {
                throw new IllegalArgumentException(
                        "'" + p + "' is not an event type (state.changed), a prefix " + "(state.*) or *");
            }
        }
        return new EventFilter(patterns.contains("*") ? List.of() : List.copyOf(patterns), viewer);
    }

    private static boolean valid(String pattern) {
        return pattern.equals("*")
                || pattern.matches(TYPE)
                || (pattern.endsWith(".*")
                        && pattern.substring(0, pattern.length() - 2).matches(TYPE));
    }

    /** The SQL conditions, each starting with {@code AND}, or an empty string. */
    String sql() {
        StringBuilder sql = new StringBuilder();
        if (!patterns.isEmpty()) {
            List<String> terms = new ArrayList<>();
            for (int i = 0; i < patterns.size(); i++) {
                terms.add(patterns.get(i).endsWith(".*") ? "type LIKE :t" + i + " ESCAPE '!'" : "type = :t" + i);
            }
            sql.append(" AND (").append(String.join(" OR ", terms)).append(')');
        }
        if (viewer != null) {
            sql.append(" AND (type IN (<everyKey>) OR actor = :viewer)");
        }
        return sql.toString();
    }

    /** Binds the values {@link #sql()} names. */
    void bind(Query query) {
        for (int i = 0; i < patterns.size(); i++) {
            String p = patterns.get(i);
            query.bind("t" + i, p.endsWith(".*") ? like(p.substring(0, p.length() - 1)) : p);
        }
        if (viewer != null) {
            query.bindList("everyKey", List.copyOf(VISIBLE_TO_EVERY_KEY)).bind("viewer", viewer);
        }
    }

    /** {@code prefix%}, with LIKE's wildcards in the prefix escaped by '!'. */
    private static String like(String prefix) {
        return prefix.replace("!", "!!").replace("_", "!_").replace("%", "!%") + "%";
    }
}
