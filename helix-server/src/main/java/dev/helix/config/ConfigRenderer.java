package dev.helix.config;

import java.util.Map;
import java.util.TreeMap;

/** Writes configuration as YAML: the reference file (defaults and descriptions) or the effective values. */
public final class ConfigRenderer {
    private static final String MASK = "****";

    private ConfigRenderer() {}

    /**
     * The text of {@code helix.reference.yaml}: every key at its default with a one-line comment. A key without a
     * default is written commented out, with the value that stands in for it while it is unset from {@code unset}
     * (by key name; e.g. the policies routes declare for {@code caching.routes}), so that the file sets no such key.
     */
    public static String reference(Map<String, String> unset) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Helix configuration reference: every key, its default and what it does.\n")
                .append("# Precedence, lowest first: this default, helix.yaml (or --config FILE), the environment\n")
                .append("# variable named in the comment, a command-line flag (--set section.key=value sets any).\n")
                .append("# Values may use ${VAR} or ${VAR:-default} to read the environment.\n");
        String section = "";
        for (ConfigKey<?> key : ConfigKeys.ALL) {
            section = sectionHeader(sb, section, key.section());
            sb.append("  # ").append(key.description()).append(" Env ").append(key.env());
            if (key.flag() != null) {
                sb.append(", flag ").append(key.flag());
            }
            ConfigKeys.oldNameOf(key).ifPresent(old -> sb.append("; formerly ").append(old));
            sb.append(".\n  ");
            if (key.defaultValue().isEmpty()) {
                sb.append("# ");
            }
            sb.append(key.field())
                    .append(": ")
                    .append(quote(key.defaultValue().orElseGet(() -> unset.getOrDefault(key.name(), ""))))
                    .append('\n');
        }
        sb.append("\n# Feature flags: name: true|false. Env HELIX_FEATURE_<NAME> (upper case, '_' for '-').\n")
                .append(ConfigKeys.FEATURES)
                .append(": {}\n");
        return sb.toString();
    }

    /**
     * The effective configuration, each value followed by where it came from; secrets masked. A key without a default
     * that no layer sets is written commented out, with what stands in for it from {@code unset} (by key name).
     */
    static String effective(Map<String, ConfigLoader.Value> values, Map<String, String> unset) {
        StringBuilder sb = new StringBuilder();
        String section = "";
        for (ConfigKey<?> key : ConfigKeys.ALL) {
            section = sectionHeader(sb, section, key.section());
            ConfigLoader.Value v = values.get(key.name());
            if (v == null) {
                sb.append("  # ").append(key.field()).append(':');
                String standIn = unset.get(key.name());
                sb.append(standIn != null ? " " + quote(standIn) + "   # default" : "");
                sb.append(" (not set)\n");
                continue;
            }
            String shown = key.secret() ? mask(v.text()) : v.text();
            sb.append("  ")
                    .append(key.field())
                    .append(": ")
                    .append(quote(shown))
                    .append("   # ")
                    .append(v.source())
                    .append('\n');
        }
        Map<String, ConfigLoader.Value> features = new TreeMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(ConfigKeys.FEATURES + ".")) {
                features.put(k.substring(ConfigKeys.FEATURES.length() + 1), v);
            }
        });
        sb.append("\n").append(ConfigKeys.FEATURES).append(features.isEmpty() ? ": {}\n" : ":\n");
        features.forEach((name, v) -> sb.append("  ")
                .append(name)
                .append(": ")
                .append(v.text().trim())
                .append("   # ")
                .append(v.source())
                .append('\n'));
        return sb.toString();
    }

    /** Masks a secret: empty stays empty; a URL keeps all but its password. */
    public static String mask(String secret) {
        if (secret.isEmpty()) {
            return "";
        }
        int scheme = secret.indexOf("://");
        int at = secret.lastIndexOf('@');
        if (scheme > 0 && at > scheme) {
            String userInfo = secret.substring(scheme + 3, at);
            int colon = userInfo.indexOf(':');
            String user = colon >= 0 ? userInfo.substring(0, colon) + ":" + MASK : userInfo;
            return secret.substring(0, scheme + 3) + user + secret.substring(at);
        }
        return scheme > 0 ? secret : MASK;
    }

    private static String sectionHeader(StringBuilder sb, String current, String next) {
        if (!next.equals(current)) {
            sb.append("\n").append(next).append(":\n");
        }
        return next;
    }

    private static String quote(String value) {
        if (value.isEmpty()) {
            return "\"\"";
        }
        return value.matches("[A-Za-z0-9./_:@*-]+") && !value.startsWith("*") ? value : '"' + value + '"';
    }
}
