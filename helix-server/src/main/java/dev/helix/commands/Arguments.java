package dev.helix.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.helix.internal.Json;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The validated arguments of one call: every given argument converted to its declared type, plus the defaults of
 * those not given. Getters throw if the command does not declare the name or the type does not fit (both are bugs
 * in the command); an optional argument without a default may be absent, see {@link #has}.
 */
public final class Arguments {
    private final CommandSpec spec;
    private final ObjectNode values;

    Arguments(CommandSpec spec, ObjectNode values) {
        this.spec = spec;
        this.values = values;
    }

    /**
     * Validates {@code values} (argument name to any value Jackson turns into JSON) against {@code spec} exactly
     * as an HTTP call would; for testing commands. Throws {@link CommandException} if they do not fit.
     */
    public static Arguments of(CommandSpec spec, Map<String, ?> values) {
        Map<String, JsonNode> json = new LinkedHashMap<>();
        values.forEach((k, v) -> json.put(k, Json.mapper().valueToTree(v)));
        return ArgumentBinder.fromJson(spec, json);
    }

    /** Whether the argument has a value (given, or defaulted). */
    public boolean has(String name) {
        declared(name);
        return values.has(name);
    }

    public String string(String name) {
        JsonNode v = value(name);
        if (!v.isTextual()) {
            throw wrongType(name, "a string");
        }
        return v.textValue();
    }

    public long integer(String name) {
        JsonNode v = value(name);
        if (!ArgType.INTEGER.accepts(v)) {
            throw wrongType(name, "an integer");
        }
        return v.longValue();
    }

    public double number(String name) {
        JsonNode v = value(name);
        if (!v.isNumber()) {
            throw wrongType(name, "a number");
        }
        return v.doubleValue();
    }

    public boolean bool(String name) {
        JsonNode v = value(name);
        if (!v.isBoolean()) {
            throw wrongType(name, "a boolean");
        }
        return v.booleanValue();
    }

    /** The value as JSON (a copy: changing it changes nothing here). */
    public JsonNode json(String name) {
        return value(name).deepCopy();
    }

    /** Every value, as one JSON object (a copy). */
    public ObjectNode toJson() {
        return values.deepCopy();
    }

    /** The values as the cache compares them (never changed after binding). */
    ObjectNode canonical() {
        return values;
    }

    private JsonNode value(String name) {
        declared(name);
        JsonNode v = values.get(name);
        if (v == null) {
            throw new NoSuchElementException("argument '" + name + "' of command '" + spec.name()
                    + "' was not given and has no default; check has(\"" + name + "\") first");
        }
        return v;
    }

    private void declared(String name) {
        if (spec.argument(name).isEmpty()) {
            throw new IllegalArgumentException("command '" + spec.name() + "' declares no argument '" + name + "'");
        }
    }

    private IllegalStateException wrongType(String name, String wanted) {
        return new IllegalStateException("argument '" + name + "' of command '" + spec.name() + "' is "
                + values.get(name).getNodeType().name().toLowerCase(Locale.ROOT) + ", not " + wanted);
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
