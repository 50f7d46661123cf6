package dev.helix.bus;

import org.jspecify.annotations.Nullable;

/** Which event types a subscription wants: exact, a {@code prefix.*}, or {@code *}. */
record TypePattern(@Nullable String exact, @Nullable String prefix) {
    private static final String TYPE = "[a-z][a-z0-9_-]*(\\.[a-z][a-z0-9_-]*)*";

    static TypePattern parse(String pattern) {
        if (pattern == null) {
            throw new IllegalArgumentException("an event pattern is required");
        }
        if (pattern.equals("*")) {
            return new TypePattern(null, "");
        }
        if (pattern.endsWith(".*") && pattern.substring(0, pattern.length() - 2).matches(TYPE)) {
            return new TypePattern(null, pattern.substring(0, pattern.length() - 1));
        }
        if (pattern.matches(TYPE)) {
            return new TypePattern(pattern, null);
        }
        throw new IllegalArgumentException("event pattern '" + pattern + "' must be a type such as state.changed, "
                + "a prefix such as state.*, or *");
    }

    boolean matches(String type) {
        return exact != null ? exact.equals(type) : type.startsWith(prefix);
    }
}
