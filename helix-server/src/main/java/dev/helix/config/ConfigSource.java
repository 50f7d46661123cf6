package dev.helix.config;

/**
 * Where a configuration value came from, so that an error can point at it.
 *
 * @param kind  the layer: default, file, environment or flag
 * @param where the precise place, e.g. {@code helix.yaml line 4} or {@code HELIX_PORT}
 */
public record ConfigSource(Kind kind, String where) {
    /** The layers, lowest precedence first. */
    public enum Kind {
        DEFAULT,
        FILE,
        ENV,
        FLAG
    }

    public static final ConfigSource DEFAULT = new ConfigSource(Kind.DEFAULT, "default");

    public static ConfigSource file(String file, int line) {
        return new ConfigSource(Kind.FILE, file + " line " + line);
    }

    public static ConfigSource env(String variable) {
        return new ConfigSource(Kind.ENV, variable);
    }

    public static ConfigSource flag(String flag) {
        return new ConfigSource(Kind.FLAG, flag);
    }

    /** This source, noting that the key was written under its old name {@code oldName}. */
    public ConfigSource withOldName(String oldName) {
        return where.contains(oldName) ? this : new ConfigSource(kind, where + ", old name " + oldName);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case DEFAULT -> "default";
            case FILE -> "file " + where;
            case ENV -> "environment variable " + where;
            case FLAG -> "flag " + where;
        };
    }
}
