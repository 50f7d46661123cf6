package dev.helix.commands;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.helix.commands.ChatText.Kind;
import dev.helix.commands.ChatText.Token;
import dev.helix.internal.DoubleRange;
import dev.helix.internal.Json;
import dev.helix.internal.Suggestions;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks a call's arguments against a {@link CommandSpec} and converts them to their declared types: strictly for
 * JSON (HTTP), by the chat rules for text tokens. Every error names the argument, what was given and what is
 * expected.
 */
final class ArgumentBinder {
    private static final Pattern INTEGER = Pattern.compile("[-+]?\\d+");
    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");
    private static final int SHOWN = 60;

    private ArgumentBinder() {}

    /** Binds named JSON values (the {@code args} of an HTTP call). */
    static Arguments fromJson(CommandSpec spec, Map<String, JsonNode> given) {
        checkCount(given.size());
        ObjectNode values = Json.mapper().createObjectNode();
        given.forEach((name, value) -> {
            ArgumentSpec arg = declared(spec, name);
            if (!arg.type().accepts(value)) {
                throw mistyped(arg, render(value));
            }
            values.set(arg.name(), arg.type().normalise(value));
        });
        return complete(spec, values);
    }

    /** Binds chat tokens: positional ones in declared order, {@code name=value} ones by name. */
    static Arguments fromTokens(CommandSpec spec, List<Token> tokens) {
        checkCount(tokens.size());
        ObjectNode values = Json.mapper().createObjectNode();
        int position = 0;
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            String name = t.name();
            ArgumentSpec arg = name != null ? declared(spec, name) : positional(spec, position++, tokens);
            if (arg.rest() && !t.named()) {
                put(values, arg, TextNode.valueOf(joinRest(tokens.subList(i, tokens.size()))));
                break;
            }
            put(values, arg, convert(arg, t));
        }
        return complete(spec, values);
    }

    private static ArgumentSpec positional(CommandSpec spec, int position, List<Token> tokens) {
        List<ArgumentSpec> declared = spec.arguments();
        if (position < declared.size()) {
            return declared.get(position);
        }
        long given = tokens.stream().filter(t -> !t.named()).count();
        String takes = declared.isEmpty()
                ? "takes no arguments"
                : "takes at most " + declared.size() + " (" + names(spec) + ")";
        throw CommandException.invalidArgument("command '" + spec.name() + "' " + takes + ", got " + given + "; usage: "
                + spec.usage() + " (quote a value that contains spaces)");
    }

    private static String joinRest(List<Token> rest) {
        return rest.stream()
                .map(t -> t.named() || t.kind() == Kind.STRUCTURED ? t.raw() : t.value())
                .collect(Collectors.joining(" "));
    }

    private static void put(ObjectNode values, ArgumentSpec arg, JsonNode value) {
        if (values.has(arg.name())) {
            throw CommandException.invalidArgument("argument '" + arg.name() + "' is given twice");
        }
        values.set(arg.name(), value);
    }

    /** A chat token as a value of {@code arg}'s type. */
    static JsonNode convert(ArgumentSpec arg, Token t) {
        String v = t.value();
        String shown = t.kind() == Kind.STRUCTURED ? cut(v) : render(TextNode.valueOf(v));
        return switch (arg.type()) {
            case STRING -> TextNode.valueOf(v);
            case INTEGER -> integer(arg, v, shown);
            case NUMBER -> number(arg, v, shown);
            case BOOLEAN -> bool(arg, v, shown);
            case JSON -> json(arg, t);
        };
    }

    private static JsonNode integer(ArgumentSpec arg, String v, String shown) {
        if (INTEGER.matcher(v).matches()) {
            try {
                return LongNode.valueOf(Long.parseLong(v));
            } catch (NumberFormatException e) {
                throw CommandException.invalidArgument("argument '" + arg.name() + "' must be an integer between "
                        + Long.MIN_VALUE + " and " + Long.MAX_VALUE + ", got " + cut(v));
            }
        }
        throw mistyped(arg, shown);
    }

    private static JsonNode number(ArgumentSpec arg, String v, String shown) {
        if (!NUMBER.matcher(v).matches()) {
            throw mistyped(arg, shown);
        }
        double value = Double.parseDouble(v);
        String outOfRange = DoubleRange.problem(v, value, "for argument '" + arg.name() + "'");
        if (outOfRange != null) {
            throw CommandException.invalidArgument(outOfRange);
        }
        return DoubleNode.valueOf(value);
    }

    private static JsonNode bool(ArgumentSpec arg, String v, String shown) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true" -> BooleanNode.TRUE;
            case "false" -> BooleanNode.FALSE;
            default -> throw mistyped(arg, shown);
        };
    }

    private static JsonNode json(ArgumentSpec arg, Token t) {
        if (t.kind() == Kind.QUOTED) {
            return TextNode.valueOf(t.value());
        }
        try {
            JsonNode parsed = Json.mapper().readTree(t.value());
            return parsed.isMissingNode() ? TextNode.valueOf(t.value()) : parsed;
        } catch (JsonProcessingException e) {
            if (t.kind() == Kind.BARE && !(e instanceof InputCoercionException)) {
                return TextNode.valueOf(t.value());
            }
            long offset =
                    e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getCharOffset());
            throw CommandException.invalidArgument("argument '" + arg.name() + "' is not valid JSON at column "
                    + (t.valueColumn() + offset) + ": " + e.getOriginalMessage());
        }
    }

    /** Applies defaults and checks that every required argument is there. */
    private static Arguments complete(CommandSpec spec, ObjectNode values) {
        for (ArgumentSpec arg : spec.arguments()) {
            if (values.has(arg.name())) {
                continue;
            }
            if (arg.required()) {
                throw CommandException.invalidArgument("missing required argument '" + arg.name() + "' ("
                        + arg.type().id() + (arg.description().isEmpty() ? "" : ": " + arg.description())
                        + "); usage: " + spec.usage());
            }
            if (arg.defaultValue() != null) {
                values.set(arg.name(), arg.defaultValue().deepCopy());
            }
        }
        return new Arguments(spec, values);
    }

    private static ArgumentSpec declared(CommandSpec spec, String name) {
        return spec.argument(name).orElseThrow(() -> unknown(spec, name));
    }

    private static CommandException unknown(CommandSpec spec, String name) {
        List<String> close = Suggestions.similar(
                name, spec.arguments().stream().map(ArgumentSpec::name).toList(), 3);
        String hint = close.isEmpty()
                ? spec.arguments().isEmpty() ? "it takes no arguments" : "it takes: " + names(spec)
                : "did you mean " + close.stream().map(n -> "'" + n + "'").collect(Collectors.joining(", ")) + "?";
        return CommandException.invalidArgument(
                "unknown argument " + ChatText.shorten(name) + " for command '" + spec.name() + "'; " + hint);
    }

    private static void checkCount(int given) {
        if (given > CommandSpec.MAX_ARGUMENTS) {
            throw CommandException.invalidArgument(
                    "too many arguments: " + given + "; at most " + CommandSpec.MAX_ARGUMENTS);
        }
    }

    private static CommandException mistyped(ArgumentSpec arg, String shown) {
        return CommandException.invalidArgument(
                "argument '" + arg.name() + "' must be " + arg.type().expected() + ", got " + shown);
    }

    private static String names(CommandSpec spec) {
        return spec.arguments().stream().map(ArgumentSpec::name).collect(Collectors.joining(", "));
    }

    /** A value as JSON, cut to a readable length. */
    private static String render(JsonNode v) {
        return cut(v.toString());
    }

    private static String cut(String s) {
        return s.length() > SHOWN ? s.substring(0, SHOWN) + "…" : s;
    }
}
