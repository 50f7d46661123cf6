package dev.helix.config;

import org.jspecify.annotations.Nullable;

/**
 * One configuration key: its dotted name in {@code helix.yaml}, the environment variable and flag that
 * override it, its default (as written in the file) and a one-line description.
 *
 * @param name         dotted name, e.g. {@code server.port}
 * @param env          environment variable, e.g. {@code HELIX_PORT}
 * @param flag         command-line flag, e.g. {@code --port}, or {@code null} if only {@code --set} sets it
 * @param defaultValue the default as text; empty when the key has none: then it is unset unless the file, the
 *                     environment or a flag sets it, and the part of Helix that reads it says what unset means
 * @param description  one line for the reference file and {@code --help}
 * @param type         how the text is parsed and validated
 * @param secret       whether the value is masked wherever it is shown
 * @param <T>          the parsed type
 */
public record ConfigKey<T>(
        String name,
        @Nullable String env,
        @Nullable String flag,
        java.util.Optional<String> defaultValue,
        String description,
        ValueType<T> type,
        boolean secret) {

    /** The section of the key: {@code server} for {@code server.port}. */
    public String section() {
        return name.substring(0, name.indexOf('.'));
    }

    /** The name within its section: {@code port} for {@code server.port}. */
    public String field() {
        return name.substring(name.indexOf('.') + 1);
    }

    /** Parses {@code text} from {@code source}, or throws a {@link ConfigException} naming all three. */
    public T parse(String text, ConfigSource source) {
        try {
            return type.parse(text);
        } catch (ValueType.Rejected e) {
            throw ConfigException.invalid(this, text, source, type.allowed() + "; " + e.getMessage());
        } catch (RuntimeException e) {
            throw ConfigException.invalid(this, text, source, type.allowed());
        }
    }
}
