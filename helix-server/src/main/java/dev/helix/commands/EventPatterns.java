package dev.helix.commands;

import org.jspecify.annotations.Nullable;

/**
 * Event-type patterns as the bus reads them: an exact type ({@code state.changed}), a prefix ending in {@code .*}
 * ({@code state.*}), or {@code *}. The cache subscribes once to {@code *} and matches with these.
 */
final class EventPatterns {
    private static final String TYPE = "[a-z][a-z0-9_-]*(\\.[a-z][a-z0-9_-]*)*";

    private EventPatterns() {}

    static void check(@Nullable String pattern) {
        boolean ok = pattern != null
                && (pattern.equals("*")
                        || pattern.matches(TYPE)
                        || (pattern.endsWith(".*")
                                && pattern.substring(0, pattern.length() - 2).matches(TYPE)));
        if (!ok) {
            throw new IllegalArgumentException("event pattern '" + pattern + "' must be a type such as "
                    + "state.changed, a prefix such as state.*, or *");
        }
    }

    static boolean matches(String pattern, String type) {
        if (pattern.equals("*")) {
            return true;
        }
        return pattern.endsWith(".*")
                ? type.startsWith(pattern.substring(0, pattern.length() - 1))
                : pattern.equals(type);
    }
}
