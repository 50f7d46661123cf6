package dev.helix.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Helix's version and the git commit it was built from, as recorded at build time. */
public final class HelixVersion {
    private static final Properties PROPS = load();

    private HelixVersion() {}

    public static String version() {
        return value("version");
    }

    /** The abbreviated commit id, with {@code -dirty} if built from uncommitted changes, or {@code unknown}. */
    public static String commit() {
        String commit = value("commit");
        return "true".equals(PROPS.getProperty("dirty")) && !"unknown".equals(commit) ? commit + "-dirty" : commit;
    }

    private static String value(String key) {
        String v = PROPS.getProperty(key, "");
        return v.isEmpty() || v.startsWith("${") ? "unknown" : v;
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = HelixVersion.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // Version facts are informational; a missing file leaves them "unknown".
        }
        return p;
    }
}
