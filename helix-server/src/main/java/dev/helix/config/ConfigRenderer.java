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
            String indent = indent(key);
            section = sectionHeader(sb, section, key);
            sb.append(indent)
                    .append("# ")
                    .append(key.description())
                    .append(" Env ")
                    .append(key.env());
            if (key.flag() != null) {
                sb.append(", flag ").append(key.flag());
            }
            ConfigKeys.oldNameOf(key).ifPresent(old -> sb.append("; formerly ").append(old));
            sb.append(".\n").append(indent);
            if (key.defaultValue().isEmpty()) {
                sb.append("# ");
            }
            sb.append(leaf(key))
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
            String indent = indent(key);
            section = sectionHeader(sb, section, key);
            ConfigLoader.Value v = values.get(key.name());
            if (v == null) {
                sb.append(indent).append("# ").append(leaf(key)).append(':');
                String standIn = unset.get(key.name());
                sb.append(standIn != null ? " " + quote(standIn) + "   # default" : "");
                sb.append(" (not set)\n");
                continue;
            }
            String shown = key.secret() ? mask(v.text()) : v.text();
            sb.append(indent)
                    .append(leaf(key))
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

    /**
     * Writes the header of {@code key}'s section, and of its subsection if it has one ({@code memory.synthesis.*}
     * is {@code synthesis:} inside {@code memory:}), when it differs from {@code current}'s; answers the
     * section and subsection of {@code key}.
     */
    private static String sectionHeader(StringBuilder sb, String current, ConfigKey<?> key) {
        String field = key.field();
        int dot = field.indexOf('.');
        String next = dot < 0 ? key.section() : key.section() + "." + field.substring(0, dot);
        if (next.equals(current)) {
            return next;
        }
        String currentSection = current.contains(".") ? current.substring(0, current.indexOf('.')) : current;
        if (!key.section().equals(currentSection)) {
            sb.append("\n").append(key.section()).append(":\n");
        }
        if (dot >= 0) {
            sb.append("  ").append(field, 0, dot).append(":\n");
        }
        return next;
    }

    /** The indent of {@code key}'s lines: deeper inside a subsection. */
    private static String indent(ConfigKey<?> key) {
        return key.field().contains(".") ? "    " : "  ";
    }

    /** The name {@code key} has inside its section or subsection. */
    private static String leaf(ConfigKey<?> key) {
        String field = key.field();
        return field.substring(field.indexOf('.') + 1);
    }

    private static String quote(String value) {
        if (value.isEmpty()) {
            return "\"\"";
        }
        return value.matches("[A-Za-z0-9./_:@*-]+") && !value.startsWith("*") ? value : '"' + value + '"';
    }
}
