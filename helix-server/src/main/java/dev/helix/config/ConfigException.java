package dev.helix.config;

/** Thrown when configuration is invalid; the message names the key, the value, its source and what is allowed. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }

    /** A value that does not parse or is out of range. Secret values are never repeated in the message. */
    public static ConfigException invalid(ConfigKey<?> key, String value, ConfigSource source, String allowed) {
        String shown = key.secret() ? "(secret, " + value.length() + " characters)" : "'" + value + "'";
        return new ConfigException(
                "invalid configuration: " + key.name() + " = " + shown + " (from " + source + "): expected " + allowed);
    }
}
