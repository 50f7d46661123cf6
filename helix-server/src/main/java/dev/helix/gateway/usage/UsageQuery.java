package dev.helix.gateway.usage;

import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * What a usage report covers: records at or after {@code from} and before {@code to}, of one key or (null) all,
 * grouped by one column.
 */
record UsageQuery(
        Instant from, Instant to, GroupBy groupBy, @Nullable String keyId) {
    /** What rows of a report stand for. */
    enum GroupBy {
        KEY("key_id"),
        MODEL("model"),
        DEPLOYMENT("deployment"),
        PROVIDER("provider"),
        /** UTC days, as whole days since the epoch (integer division works the same on both engines). */
        DAY("at / 86400000");

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

        /** Every id, for messages: {@code key, model, deployment, provider, day}. */
        static String ids() {
            return Arrays.stream(values()).map(GroupBy::id).collect(Collectors.joining(", "));
        }

        static GroupBy parse(String text) {
            for (GroupBy g : values()) {
                if (g.id().equals(text)) {
                    return g;
                }
            }
            throw new IllegalArgumentException("groupBy must be one of " + ids() + "; not '" + text + "'");
        }
    }
}
