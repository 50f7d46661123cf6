package dev.helix.realtime;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** What a WebSocket client may ask: {@code subscribe}, {@code unsubscribe} and {@code ping}. */
final class ClientRequests {
    /** What a resume offset is, for messages; SSE's {@code Last-Event-ID} and WebSocket's {@code since} alike. */
    static final String OFFSET =
            "an offset this stream sent: a whole number from 0 to " + Long.MAX_VALUE + " written in digits";

    private static final int MAX_TOPICS = 64;
    private static final int MAX_REASON = 200;

    private ClientRequests() {}

    /**
     * The error for a message the strict JSON reader refused, with its reason (a member given twice, a number out
     * of range, malformed JSON and where).
     */
    static Outgoing.Message invalidJson(IOException e) {
        String reason = e instanceof JsonProcessingException p
                ? p.getOriginalMessage() + where(p.getLocation())
                : String.valueOf(e.getMessage());
        return Messages.error(
                "invalid-json",
                "messages must be JSON objects such as "
                        + "{\"type\":\"subscribe\",\"topic\":\"state\",\"since\":null}; this one is not: "
                        + (reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) + "…" : reason));
    }

    private static String where(@Nullable JsonLocation at) {
        return at == null || at.getColumnNr() < 0 ? "" : " (at column " + at.getColumnNr() + ")";
    }

    static void handle(RealtimeHub hub, Connection c, JsonNode msg) {
        String type = msg.path("type").asText("");
        switch (type) {
            case "subscribe" -> subscribe(hub, c, msg);
            case "unsubscribe" -> unsubscribe(hub, c, msg);
            case "ping" -> c.offer(Messages.pong());
            default ->
                c.offer(Messages.error(
                        "unknown-type",
                        "unknown message type '" + abbreviate(type) + "'; send subscribe, unsubscribe or ping"));
        }
    }

    private static void subscribe(RealtimeHub hub, Connection c, JsonNode msg) {
        String topic = topic(c, msg);
        if (topic == null) {
            return;
        }
        JsonNode since = msg.path("since");
        if (!since.isMissingNode() && !since.isNull() && !isOffset(since)) {
            c.offer(Messages.error(
                    "invalid-since", "'since' must be " + OFFSET + ", or null, not " + abbreviate(since.toString())));
            return;
        }
        if (c.topics().size() >= MAX_TOPICS && !c.topics().contains(topic)) {
            c.offer(Messages.error("too-many-topics", "a connection may follow at most " + MAX_TOPICS + " topics"));
            return;
        }
        hub.unsubscribe(c, topic);
        Long from = since.isIntegralNumber() ? since.asLong() : null;
        if (!hub.subscribe(c, List.of(topic), from).isEmpty()) {
            c.offer(Messages.error(
                    "unknown-topic",
                    "unknown topic '" + abbreviate(topic) + "'; topics: " + String.join(", ", hub.topics())));
        }
    }

    /** An integer literal (not {@code 1.0} or {@code 1e3}) from 0 to {@link Long#MAX_VALUE}. */
    private static boolean isOffset(JsonNode since) {
        return since.isIntegralNumber() && since.canConvertToLong() && since.longValue() >= 0;
    }

    private static void unsubscribe(RealtimeHub hub, Connection c, JsonNode msg) {
        String topic = topic(c, msg);
        if (topic != null) {
            hub.unsubscribe(c, topic);
            c.offer(Messages.unsubscribed(topic));
        }
    }

    private static @Nullable String topic(Connection c, JsonNode msg) {
        JsonNode topic = msg.path("topic");
        if (!topic.isTextual() || topic.asText().isEmpty()) {
            c.offer(Messages.error("missing-topic", "'topic' must be a topic name such as \"state\""));
            return null;
        }
        return topic.asText();
    }

    static String abbreviate(String text) {
        return text.length() > 64 ? text.substring(0, 64) + "…" : text;
    }
}
