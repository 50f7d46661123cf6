package dev.helix.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.helix.internal.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ArgumentBinderTest {
    private static final CommandSpec ECHO = CommandSpec.builder("echo")
            .summary("Echoes its arguments")
            .argument(ArgumentSpec.required("text", ArgType.STRING, "what to say"))
            .argument(
                    ArgumentSpec.optional("count", ArgType.INTEGER, "how often").withDefault(1))
            .argument(ArgumentSpec.optional("ratio", ArgType.NUMBER, "a ratio"))
            .argument(ArgumentSpec.optional("loud", ArgType.BOOLEAN, "shout").withDefault(false))
            .argument(ArgumentSpec.optional("data", ArgType.JSON, "anything"))
            .build();
    private static final CommandSpec SAY = CommandSpec.builder("say")
            .summary("Says the rest of the line")
            .argument(ArgumentSpec.required("to", ArgType.STRING, "whom"))
            .argument(ArgumentSpec.optional("message", ArgType.STRING, "what").asRest())
            .build();

    private static Arguments chat(CommandSpec spec, String argText) {
        var tokens = ChatText.tokenize("!" + spec.name() + " " + argText);
        return ArgumentBinder.fromTokens(spec, tokens.subList(1, tokens.size()));
    }

    private static Arguments json(CommandSpec spec, String argsJson) throws Exception {
        Map<String, JsonNode> args = new LinkedHashMap<>();
        Json.mapper().readTree(argsJson).properties().forEach(e -> args.put(e.getKey(), e.getValue()));
        return ArgumentBinder.fromJson(spec, args);
    }

    private static void assertInvalid(Runnable call, String detail) {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(
                        CommandException.class,
                        e -> assertThat(e.kind()).isEqualTo(CommandException.Kind.INVALID_ARGUMENT))
                .hasMessage(detail);
    }

    @Test
    void chatPositionalArgumentsFillInDeclaredOrderAndConvert() {
        Arguments a = chat(ECHO, "\"hi there\" 3 0.5 TRUE {\"x\": [1, 2]}");
        assertThat(a.string("text")).isEqualTo("hi there");
        assertThat(a.integer("count")).isEqualTo(3);
        assertThat(a.number("ratio")).isEqualTo(0.5);
        assertThat(a.bool("loud")).isTrue();
        assertThat(a.json("data").toString()).isEqualTo("{\"x\":[1,2]}");
    }

    @Test
    void defaultsFillWhatIsNotGivenAndOptionalWithoutDefaultIsAbsent() {
        Arguments a = chat(ECHO, "hi");
        assertThat(a.integer("count")).isEqualTo(1);
        assertThat(a.bool("loud")).isFalse();
        assertThat(a.has("ratio")).isFalse();
        assertThatThrownBy(() -> a.number("ratio")).hasMessageContaining("check has(\"ratio\") first");
        assertThatThrownBy(() -> a.string("nope")).hasMessageContaining("declares no argument 'nope'");
    }

    @Test
    void namedArgumentsMixWithPositional() {
        Arguments a = chat(ECHO, "hi loud=true count=7");
        assertThat(a.integer("count")).isEqualTo(7);
        assertThat(a.bool("loud")).isTrue();
        assertThat(chat(ECHO, "text=\"x y\"").string("text")).isEqualTo("x y");
    }

    @Test
    void jsonArgumentValuesFollowTheChatRules() {
        assertThat(chat(ECHO, "t data=hello").json("data").textValue()).isEqualTo("hello");
        assertThat(chat(ECHO, "t data=12").json("data").intValue()).isEqualTo(12);
        assertThat(chat(ECHO, "t data=true").json("data").booleanValue()).isTrue();
        assertThat(chat(ECHO, "t data=null").json("data").isNull()).isTrue();
        assertThat(chat(ECHO, "t data=\"12\"").json("data").textValue()).isEqualTo("12");
        assertThat(chat(ECHO, "t data=12abc").json("data").textValue()).isEqualTo("12abc");
        assertThat(chat(ECHO, "t data=").json("data").textValue()).isEmpty();
    }

    @Test
    void invalidJsonInBracketsIsAnErrorWithItsColumn() {
        assertInvalid(
                () -> chat(ECHO, "t data={x: 1}"),
                "argument 'data' is not valid JSON at column 15: "
                        + "Unexpected character ('x' (code 120)): was expecting double-quote to start field name");
    }

    @Test
    void wrongTypesNameTheArgumentTheTypeAndTheValue() {
        assertInvalid(() -> chat(ECHO, "t abc"), "argument 'count' must be an integer, got \"abc\"");
        assertInvalid(() -> chat(ECHO, "t 1.5"), "argument 'count' must be an integer, got \"1.5\"");
        assertInvalid(() -> chat(ECHO, "t 1 NaN"), "argument 'ratio' must be a number, got \"NaN\"");
        assertInvalid(() -> chat(ECHO, "t 1 1 yes"), "argument 'loud' must be true or false, got \"yes\"");
        assertInvalid(() -> chat(ECHO, "t {\"a\":1}"), "argument 'count' must be an integer, got {\"a\":1}");
        assertInvalid(
                () -> chat(ECHO, "t 99999999999999999999"),
                "argument 'count' must be an integer between " + Long.MIN_VALUE + " and " + Long.MAX_VALUE
                        + ", got 99999999999999999999");
    }

    @Test
    void numbersADoubleCannotHoldAreRefusedNotRoundedToInfinityOrZero() {
        assertInvalid(
                () -> chat(ECHO, "t 1 1e999"),
                "the number 1e999 for argument 'ratio' is beyond the range of "
                        + "a double (at most ±1.7976931348623157E308)");
        assertInvalid(
                () -> chat(ECHO, "t 1 -1e-999"),
                "the number -1e-999 for argument 'ratio' is not 0 but nearer "
                        + "to 0 than a double can hold (4.9E-324)");
        assertThat(chat(ECHO, "t 1 0e-999").number("ratio")).isZero();
        assertThatThrownBy(() -> chat(ECHO, "t data=1e-999"))
                .hasMessageEndingWith(
                        "the number 1e-999 is not 0 but " + "nearer to 0 than a double can hold (4.9E-324)");
        assertThatThrownBy(() -> chat(ECHO, "t data={\"a\":1,\"a\":2}")).hasMessageContaining("Duplicate field 'a'");
    }

    @Test
    void missingUnknownDuplicateAndSurplusArgumentsAreNamed() {
        assertInvalid(
                () -> chat(ECHO, ""),
                "missing required argument 'text' (string: what to say); usage: "
                        + "!echo <text> [count] [ratio] [loud] [data]");
        assertInvalid(
                () -> chat(ECHO, "t cuont=1"),
                "unknown argument 'cuont' for command 'echo'; did you mean " + "'count'?");
        assertInvalid(
                () -> chat(ECHO, "t zzz=1"),
                "unknown argument 'zzz' for command 'echo'; it takes: text, " + "count, ratio, loud, data");
        assertInvalid(() -> chat(ECHO, "t text=u"), "argument 'text' is given twice");
        assertInvalid(
                () -> chat(ECHO, "a 1 2 true 4 5"),
                "command 'echo' takes at most 5 (text, count, ratio, "
                        + "loud, data), got 6; usage: !echo <text> [count] [ratio] [loud] [data] (quote a value that "
                        + "contains spaces)");
        CommandSpec none = CommandSpec.builder("ping").summary("p").build();
        assertInvalid(
                () -> chat(none, "x"),
                "command 'ping' takes no arguments, got 1; usage: !ping (quote a " + "value that contains spaces)");
    }

    @Test
    void aRestArgumentTakesTheRemainingWords() {
        Arguments a = chat(SAY, "bob hello  big \"wide\" world {\"a\": 1} k=v");
        assertThat(a.string("to")).isEqualTo("bob");
        assertThat(a.string("message")).isEqualTo("hello big wide world {\"a\": 1} k=v");
    }

    @Test
    void atMost32ArgumentsAreAccepted() {
        String many = IntStream.range(0, 33).mapToObj(i -> "x").collect(Collectors.joining(" "));
        assertInvalid(() -> chat(ECHO, many), "too many arguments: 33; at most 32");
    }

    @Test
    void jsonArgumentsAreCheckedStrictly() throws Exception {
        Arguments a = json(ECHO, "{\"text\":\"hi\",\"count\":2.0,\"ratio\":1,\"data\":null}");
        assertThat(a.integer("count")).isEqualTo(2);
        assertThat(a.number("ratio")).isEqualTo(1.0);
        assertThat(a.json("data").isNull()).isTrue();
        assertInvalid(
                () -> uncheck(() -> json(ECHO, "{\"text\":\"hi\",\"count\":\"abc\"}")),
                "argument 'count' must be an integer, got \"abc\"");
        assertInvalid(
                () -> uncheck(() -> json(ECHO, "{\"text\":\"hi\",\"count\":\"2\"}")),
                "argument 'count' must be an integer, got \"2\"");
        assertInvalid(() -> uncheck(() -> json(ECHO, "{\"text\":5}")), "argument 'text' must be a string, got 5");
        assertInvalid(
                () -> uncheck(() -> json(ECHO, "{\"text\":\"hi\",\"loud\":\"true\"}")),
                "argument 'loud' must be true or false, got \"true\"");
        assertInvalid(() -> uncheck(() -> json(ECHO, "{\"text\":null}")), "argument 'text' must be a string, got null");
    }

    @Test
    void equalValuesBindToEqualCanonicalForms() throws Exception {
        assertThat(json(ECHO, "{\"text\":\"a\",\"count\":2}").canonical())
                .isEqualTo(json(ECHO, "{\"count\":2.0,\"text\":\"a\"}").canonical())
                .isEqualTo(chat(ECHO, "a 2").canonical());
        assertThat(json(ECHO, "{\"text\":\"a\",\"data\":{\"x\":1,\"y\":2}}").canonical())
                .isEqualTo(json(ECHO, "{\"data\":{\"y\":2,\"x\":1},\"text\":\"a\"}")
                        .canonical());
    }

    @Test
    void argumentsOfBindsLikeHttp() {
        Arguments a = Arguments.of(ECHO, Map.of("text", "hi", "data", Map.of("k", 1)));
        assertThat(a.json("data").get("k").intValue()).isEqualTo(1);
        a.json("data").withObject("/k2");
        assertThat(a.toJson().get("data").has("k2")).as("json() returns a copy").isFalse();
        ObjectNode expected = JsonNodeFactory.instance
                .objectNode()
                .put("text", "hi")
                .put("count", 1L)
                .put("loud", false);
        expected.set("data", Json.mapper().valueToTree(Map.of("k", 1)));
        assertThat(a.toJson()).isEqualTo(expected);
    }

    private interface ThrowingRunnable {
        Object run() throws Exception;
    }

    private static void uncheck(ThrowingRunnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
