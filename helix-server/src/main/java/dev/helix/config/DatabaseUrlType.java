package dev.helix.config;

import java.util.Locale;

/** The database URLs Helix accepts: empty (SQLite in the data folder), SQLite or PostgreSQL. */
final class DatabaseUrlType implements ValueType<String> {
    static final DatabaseUrlType INSTANCE = new DatabaseUrlType();

    @Override
    public String parse(String text) {
        String t = text.trim();
        String lower = t.toLowerCase(Locale.ROOT);
        boolean ok = t.isEmpty()
                || lower.matches("(jdbc:)?postgres(ql)?://[^\\s/]+(:\\d+)?/[^\\s]+")
                || lower.matches("(jdbc:)?sqlite:[^\\s]+");
        if (!ok) {
            throw new IllegalArgumentException();
        }
        return t;
    }

    @Override
    public String allowed() {
        return "empty (SQLite in the data folder), postgresql://[user[:password]@]host[:port]/database, "
                + "jdbc:postgresql://..., or sqlite:/path/to/file.db";
    }
}
