package dev.helix.storage;

import dev.helix.config.HelixConfig;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What a configured database URL means for JDBC: engine, JDBC URL and credentials. {@code postgresql://user:pass@h/db}
 * is split so the password is never part of a URL that could be logged.
 *
 * @param kind     the engine
 * @param jdbcUrl  the JDBC URL, without credentials
 * @param user     the user, or empty
 * @param password the password, or empty
 */
record ConnectionSettings(DatabaseKind kind, String jdbcUrl, String user, String password) {
    private static final Pattern POSTGRES = Pattern.compile(
            "(?:jdbc:)?postgres(?:ql)?://(?:([^:@/]*)(?::([^@/]*))?@)?([^/?]+)/([^?]+)(\\?.*)?",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern QUERY_PASSWORD = Pattern.compile("([?&]password=)[^&]*", Pattern.CASE_INSENSITIVE);

    /** The file SQLite uses when no URL is configured. */
    static final String SQLITE_FILE = "helix.db";

    static ConnectionSettings from(HelixConfig.Storage storage) {
        String url = storage.databaseUrl().trim();
        if (url.isEmpty()) {
            return sqlite(storage.dataDir().resolve(SQLITE_FILE));
        }
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.startsWith("sqlite:") || lower.startsWith("jdbc:sqlite:")) {
            return sqlite(Path.of(url.substring(url.indexOf("sqlite:") + "sqlite:".length())));
        }
        Matcher m = POSTGRES.matcher(url);
        if (!m.matches()) {
            throw new StorageException("storage.databaseUrl is neither a PostgreSQL nor a SQLite URL");
        }
        String user = firstNonEmpty(decode(m.group(1)), storage.databaseUser());
        String password = firstNonEmpty(decode(m.group(2)), storage.databasePassword());
        String jdbc = "jdbc:postgresql://" + m.group(3) + "/" + m.group(4) + (m.group(5) == null ? "" : m.group(5));
        return new ConnectionSettings(DatabaseKind.POSTGRESQL, jdbc, user, password);
    }

    private static ConnectionSettings sqlite(Path file) {
        return new ConnectionSettings(
                DatabaseKind.SQLITE, "jdbc:sqlite:" + file.toAbsolutePath().normalize(), "", "");
    }

    /** The SQLite file, or {@code null} for PostgreSQL. */
    @Nullable
    Path sqliteFile() {
        return kind == DatabaseKind.SQLITE ? Path.of(jdbcUrl.substring("jdbc:sqlite:".length())) : null;
    }

    /**
     * The database in words for people, password masked: {@code SQLite /srv/helix/helix.db} or
     * {@code PostgreSQL postgresql://helix:****@db:5432/helix}.
     */
    String where() {
        if (kind == DatabaseKind.SQLITE) {
            return "SQLite " + sqliteFile();
        }
        String url = maskedUrl().substring("jdbc:".length());
        String credentials = user.isEmpty() ? "" : user + (password.isEmpty() ? "" : ":****") + "@";
        return "PostgreSQL " + url.replaceFirst("//", "//" + Matcher.quoteReplacement(credentials));
    }

    /** The JDBC URL with any {@code password=} parameter masked. */
    private String maskedUrl() {
        return QUERY_PASSWORD.matcher(jdbcUrl).replaceAll("$1****");
    }

    private static String decode(@Nullable String s) {
        return s == null ? "" : URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static String firstNonEmpty(String a, String b) {
        return a.isEmpty() ? b : a;
    }

    @Override
    public String toString() {
        return kind.id() + " " + maskedUrl() + (user.isEmpty() ? "" : " as " + user);
    }
}
