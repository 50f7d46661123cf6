package dev.helix.gateway.provider.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.helix.internal.Json;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** JSON fixtures and assertions shared by the translation tests of the anthropic and gemini providers. */
public final class TranslationFixtures {
    /** The fixed time of {@link #CLOCK}. */
    public static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");
    /** A clock stopped at {@link #NOW}, so {@code created} is known. */
    public static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private TranslationFixtures() {}

    /** {@code text} parsed as JSON. */
    public static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Compares as JSON values, so int and long nodes of the same number are equal. */
    public static void assertJson(JsonNode actual, String expected) {
        assertThat(json(actual.toString())).isEqualTo(json(expected));
    }

    /** Asserts that {@code translation} is refused with exactly {@code message}. */
    public static void assertRefused(ThrowingCallable translation, String message) {
        assertThatThrownBy(translation)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    /**
     * Feeds a server-sent event stream written as {@code event: name} / {@code data: json} lines to {@code accept}
     * (event name, or null before any {@code event:} line, and parsed data); returns every chunk it gave.
     */
    public static List<ObjectNode> feed(String sse, BiFunction<String, JsonNode, List<ObjectNode>> accept) {
        List<ObjectNode> out = new ArrayList<>();
        String event = null;
        for (String line : sse.strip().split("\n")) {
            if (line.startsWith("event: ")) {
                event = line.substring(7).strip();
            } else if (line.startsWith("data: ")) {
                out.addAll(accept.apply(event, json(line.substring(6))));
            }
        }
        return out;
    }

    /** One SSE event carrying only {@code data} (made one line). */
    public static String data(String payload) {
        return "data: " + payload.replace("\n", " ") + "\n\n";
    }

    /** One SSE event named {@code event} carrying {@code data} (made one line). */
    public static String sse(String event, String data) {
        return "event: " + event + "\n" + data(data);
    }

    /** A {@code chat.completion.chunk} with {@code id}, {@link #NOW}, {@code model} and one choice, without usage. */
    public static String chunk(String id, String model, String choiceJson) {
        return """
                {"id": "%s", "object": "chat.completion.chunk", "created": %d, "model": "%s", "choices": [%s]}""".formatted(id, NOW.getEpochSecond(), model, choiceJson);
    }

    /** {@code chunk} with {@code "usage": null} added, as chunks are sent when usage was asked for. */
    public static String withNullUsage(String chunk) {
        ObjectNode node = (ObjectNode) json(chunk);
        node.putNull("usage");
        return node.toString();
    }
}
