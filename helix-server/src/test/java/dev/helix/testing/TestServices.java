package dev.helix.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * What tests use from the machine: PostgreSQL (127.0.0.1:5432, database {@code test}), each caller in a schema of
 * its own, and {@code promtool}. Without one a test is skipped with one loud line; under CI ({@code CI=true}) it
 * fails instead.
 */
public final class TestServices {
    public static final String POSTGRES_BASE = "postgresql://postgres@127.0.0.1:5432/test";
    private static final String JDBC = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final String START_HINT =
            "start it with: pg_ctlcluster --skip-systemctl-redirect " + "$(ls /etc/postgresql) main start";

    private TestServices() {}

    /** A database URL for a new, empty schema; skips or fails the test if PostgreSQL is not running. */
    public static String postgresSchemaUrl() {
        String schema =
                "helix_test_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        try (Connection c = DriverManager.getConnection(JDBC, "postgres", "");
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            unavailable("PostgreSQL at 127.0.0.1:5432 (" + e.getMessage() + ")", START_HINT);
        }
        return POSTGRES_BASE + "?currentSchema=" + schema;
    }

    /** Drops the schema made by {@link #postgresSchemaUrl()}. */
    public static void dropSchema(String url) {
        String schema = url.substring(url.indexOf("currentSchema=") + "currentSchema=".length());
        try (Connection c = DriverManager.getConnection(JDBC, "postgres", "");
                Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            // Leftover test schemas are harmless.
        }
    }

    /**
     * The {@code promtool} on the PATH (Debian package {@code prometheus}); skips the test without it, or fails it
     * under CI.
     */
    public static Path promtool() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = dir.isEmpty() ? null : Path.of(dir, "promtool");
            if (candidate != null && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        unavailable("promtool", "install it with: apt-get install -y --no-install-recommends prometheus");
        return null;
    }

    static void unavailable(String what, String hint) {
        String line = "!!! " + what + " is not available; " + hint;
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail(line + " (CI=true: a missing service fails the run)");
        }
        System.err.println(line + " — skipping this test");
        Assumptions.abort(line);
    }
}
