package dev.helix.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The deterministic "model" behind every dialect: what the mock answers and how it counts tokens.
 *
 * <ul>
 *   <li>Reply text: {@code "mock reply to: "} + the last user message's text, cut to its first 40 characters
 *       (code points). After a tool result (the last message is one) it is {@code "mock reply to tool result: "} +
 *       the result's first 40 characters. With {@link MockLlmServer.Options#answerWords()} above 0, filler words
 *       follow until the reply has that many words.</li>
 *   <li>Tool call arguments: an object with one entry per property of the tool's parameter schema, in schema
 *       order: the first {@code enum} value if there is one, else {@code "mock"} for strings, {@code 1} for integers
 *       and numbers, {@code true} for booleans, {@code []} for arrays, {@code {}} for objects, {@code null} for
 *       anything else; {@code {}} when the schema has no properties.</li>
 *   <li>Prompt tokens: the characters of all text the request gives the model (system prompt, message text,
 *       tool results) divided by 4, rounded up, at least 1.</li>
 *   <li>Completion tokens: the number of whitespace-separated words of the reply text; for a tool call, the
 *       characters of its name plus its arguments JSON divided by 4, rounded up, at least 1. With several choices
 *       it is that number times the choice count.</li>
 *   <li>Cached and reasoning tokens are always 0.</li>
 * </ul>
 */
final class MockText {
    static final int QUOTE_LENGTH = 40;
    /** The words a long reply is padded with: no facts, names or figures in them. */
    private static final String[] FILLER =
            "and so the answer goes on at some length about this and that as answers often do".split(" ");

    private MockText() {}

    /** One answer of the model: a text, or a call of tool {@code toolName} with {@code toolInput}. */
    record Answer(
            @Nullable String text,
            @Nullable String toolName,
            @Nullable ObjectNode toolInput) {
        static Answer text(String text) {
            return new Answer(text, null, null);
        }

        static Answer tool(String name, JsonNode schema) {
            return new Answer(null, name, sampleArguments(schema));
        }

        boolean isTool() {
            return toolName != null;
        }

        /** The tool arguments as a JSON string, as OpenAI sends them. */
        String arguments() {
            return Json.text(Objects.requireNonNull(toolInput, "a tool answer has arguments"));
        }

        /** What is streamed: the arguments of a tool call, else the text. */
        String content() {
            return isTool() ? arguments() : Objects.requireNonNull(text, "a text answer has text");
        }

        int completionTokens() {
            return toolName != null ? tokens(toolName.length() + arguments().length()) : words(content());
        }
    }

    /**
     * The text answer to {@code lastUserText}, or to a tool result when {@code afterTool}, followed by filler words
     * until it has at least {@code words} words.
     */
    static Answer reply(String text, boolean afterTool, int words) {
        String prefix = afterTool ? "mock reply to tool result: " : "mock reply to: ";
        return Answer.text(padded(prefix + truncate(text == null ? "" : text, QUOTE_LENGTH), words));
    }

    /** {@code reply} followed by words of {@link #FILLER}, in turn, until it has at least {@code words} words. */
    static String padded(String reply, int words) {
        StringBuilder out = new StringBuilder(reply);
        for (int have = words(reply), i = 0; have < words; have++, i++) {
            out.append(' ').append(FILLER[i % FILLER.length]);
        }
        return out.toString();
    }

    /** {@code chars / 4} rounded up, at least 1. */
    static int tokens(long chars) {
        return (int) Math.max(1, (chars + 3) / 4);
    }

    static int words(String text) {
        int words = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); i++) {
            boolean space = Character.isWhitespace(text.charAt(i));
            if (!space && !inWord) {
                words++;
            }
            inWord = !space;
        }
        return words;
    }

    /** The first {@code max} code points of {@code text}. */
    static String truncate(String text, int max) {
        if (text.codePointCount(0, text.length()) <= max) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, max));
    }

    /**
     * {@code text} in {@code pieces} parts of about the same length, never splitting a code point; fewer parts when
     * the text is shorter, and one (possibly empty) part at least.
     */
    static List<String> split(String text, int pieces) {
        int points = text.codePointCount(0, text.length());
        int parts = Math.max(1, Math.min(pieces, points));
        List<String> out = new ArrayList<>(parts);
        int start = 0;
        for (int i = 1; i <= parts; i++) {
            int end = text.offsetByCodePoints(0, (int) ((long) points * i / parts));
            out.add(text.substring(start, end));
            start = end;
        }
        return out;
    }

    /** Arguments that fit {@code schema}, as the class comment describes. */
    static ObjectNode sampleArguments(@Nullable JsonNode schema) {
        ObjectNode args = Json.object();
        JsonNode properties = schema == null ? null : schema.get("properties");
        if (properties != null && properties.isObject()) {
            for (Map.Entry<String, JsonNode> property : properties.properties()) {
                args.set(property.getKey(), sample(property.getValue()));
            }
        }
        return args;
    }

    private static JsonNode sample(JsonNode schema) {
        JsonNode options = schema.get("enum");
        if (options != null && options.isArray() && !options.isEmpty()) {
            return options.get(0);
        }
        String type = schema.path("type").asText("").toLowerCase(Locale.ROOT);
        return switch (type) {
            case "string" -> Json.MAPPER.getNodeFactory().textNode("mock");
            case "integer", "number" -> Json.MAPPER.getNodeFactory().numberNode(1);
            case "boolean" -> Json.MAPPER.getNodeFactory().booleanNode(true);
            case "array" -> Json.array();
            case "object" -> Json.object();
            default -> Json.MAPPER.getNodeFactory().nullNode();
        };
    }

    /** The text of a message content: a string, or the {@code text} of each part of an array, joined. */
    static String contentText(@Nullable JsonNode content) {
        if (content == null || content.isNull() || content.isMissingNode()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        if (!content.isArray()) {
            return Json.text(content);
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : content) {
            text.append(part.isTextual() ? part.asText() : part.path("text").asText(""));
        }
        return text.toString();
    }
}
