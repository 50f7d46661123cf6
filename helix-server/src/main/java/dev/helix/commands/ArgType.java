package dev.helix.commands;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import java.util.Locale;

/** The type of a command argument: what values it accepts over HTTP (JSON) and in chat text. */
public enum ArgType {
    /** Any text; in chat a bare word or a double-quoted string. */
    STRING("a string"),
    /** A whole number that fits in 64 bits. */
    INTEGER("an integer"),
    /** A finite decimal number. */
    NUMBER("a number"),
    /** {@code true} or {@code false}. */
    BOOLEAN("true or false"),
    /** Any JSON value; in chat a bare word that is not valid JSON is taken as a string. */
    JSON("JSON");

    private final String expected;

    ArgType(String expected) {
        this.expected = expected;
    }

    /** The lower-case name used in listings: {@code string}, {@code integer}, … */
    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** What a value of this type is, for error messages: "an integer". */
    String expected() {
        return expected;
    }

    /** Whether the JSON value {@code v} is of this type. */
    boolean accepts(JsonNode v) {
        return switch (this) {
            case STRING -> v.isTextual();
            case INTEGER -> v.isNumber() && v.canConvertToExactIntegral() && v.canConvertToLong();
            case NUMBER -> v.isNumber() && Double.isFinite(v.doubleValue());
            case BOOLEAN -> v.isBoolean();
            case JSON -> v != null && !v.isMissingNode();
        };
    }

    /** {@code v} (already accepted) in one canonical form, so equal values make equal cache keys. */
    JsonNode normalise(JsonNode v) {
        return switch (this) {
            case INTEGER -> LongNode.valueOf(v.longValue());
            case NUMBER -> DoubleNode.valueOf(v.doubleValue());
            default -> v;
        };
    }
}
