package dev.helix.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.internal.Json;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One declared argument of a command: its name, type, whether it is required, its default and what it means.
 *
 * <p>Build one with {@link #required} or {@link #optional}, then {@link #withDefault} or {@link #asRest()}:
 * <pre>{@code ArgumentSpec.optional("count", ArgType.INTEGER, "how many to show").withDefault(10)}</pre>
 *
 * @param name         lower-case letters, digits, {@code _} and {@code -}, starting with a letter; at most 64
 * @param type         what values it accepts
 * @param required     whether a call must give it (a required argument has no default)
 * @param defaultValue the value used when an optional argument is not given; null for none
 * @param description  one line for help
 * @param rest         in chat, whether it takes the rest of the text (all remaining words, joined by one space);
 *                     only the last argument, of type string, may
 */
public record ArgumentSpec(
        String name,
        ArgType type,
        boolean required,
        @Nullable JsonNode defaultValue,
        String description,
        boolean rest) {
    static final String NAME = "[a-z][a-zA-Z0-9_-]{0,63}";

    public ArgumentSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        description = description == null ? "" : description;
        if (!name.matches(NAME)) {
            throw new IllegalArgumentException("argument name '" + name + "' must start with a lower-case letter "
                    + "and have only letters, digits, '_' and '-' (at most 64)");
        }
        defaultValue = checkDefault(name, type, required, defaultValue);
        if (rest && type != ArgType.STRING) {
            throw new IllegalArgumentException("argument '" + name + "' takes the rest of the text, so it must "
                    + "be a string, not " + type.id());
        }
    }

    private static @Nullable JsonNode checkDefault(
            String name, ArgType type, boolean required, @Nullable JsonNode value) {
        if (value == null) {
            return null;
        }
        if (required) {
            throw new IllegalArgumentException("required argument '" + name + "' cannot have a default");
        }
        if (!type.accepts(value)) {
            throw new IllegalArgumentException(
                    "the default of argument '" + name + "' must be " + type.expected() + ", not " + value);
        }
        return type.normalise(value);
    }

    /** A required argument. */
    public static ArgumentSpec required(String name, ArgType type, String description) {
        return new ArgumentSpec(name, type, true, null, description, false);
    }

    /** An optional argument with no default (the handler checks {@link Arguments#has}). */
    public static ArgumentSpec optional(String name, ArgType type, String description) {
        return new ArgumentSpec(name, type, false, null, description, false);
    }

    /** This optional argument with a default: any value Jackson turns into JSON of the argument's type. */
    public ArgumentSpec withDefault(Object value) {
        return new ArgumentSpec(name, type, required, Json.mapper().valueToTree(value), description, rest);
    }

    /** This argument taking the rest of a chat text, e.g. {@code !help state set}. */
    public ArgumentSpec asRest() {
        return new ArgumentSpec(name, type, required, defaultValue, description, true);
    }

    /** How it appears in a usage line: {@code <path>} if required, {@code [path]} if not, {@code ...} if rest. */
    String usage() {
        String inner = name + (rest ? "..." : "");
        return required ? "<" + inner + ">" : "[" + inner + "]";
    }
}
