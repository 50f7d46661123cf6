package dev.helix.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** What a WebSocket client may ask: {@code subscribe}, {@code unsubscribe} and {@code ping}. */
final class ClientRequests {
    private static final int MAX_TOPICS = 64;

    private ClientRequests() {
    }

    static void handle(RealtimeHub hub, Connection c, JsonNode msg) {
        String type = msg.path("type").asText("");
        switch (type) {
            case "subscribe" -> subscribe(hub, c, msg);
            case "unsubscribe" -> unsubscribe(hub, c, msg);
            case "ping" -> c.offer(Messages.pong());
            default -> c.offer(Messages.error("unknown-type", "unknown message type '" + abbreviate(type)
                    + "'; send subscribe, unsubscribe or ping"));
        }
    }

    private static void subscribe(RealtimeHub hub, Connection c, JsonNode msg) {
        String topic = topic(c, msg);
        if (topic == null) {
            return;
        }
        JsonNode since = msg.path("since");
        if (!since.isMissingNode() && !since.isNull() && !since.canConvertToExactIntegral()) {
            c.offer(Messages.error("invalid-since", "'since' must be an offset (a whole number) or null"));
            return;
        }
        if (c.topics().size() >= MAX_TOPICS && !c.topics().contains(topic)) {
            c.offer(Messages.error("too-many-topics", "a connection may follow at most " + MAX_TOPICS + " topics"));
            return;
        }
        hub.unsubscribe(c, topic);
        Long from = since.isIntegralNumber() ? since.asLong() : null;
        if (!hub.subscribe(c, List.of(topic), from).isEmpty()) {
            c.offer(Messages.error("unknown-topic", "unknown topic '" + abbreviate(topic) + "'; topics: "
                    + String.join(", ", hub.topics())));
        }
    }

    private static void unsubscribe(RealtimeHub hub, Connection c, JsonNode msg) {
        String topic = topic(c, msg);
        if (topic != null) {
            hub.unsubscribe(c, topic);
            c.offer(Messages.unsubscribed(topic));
        }
    }

    private static String topic(Connection c, JsonNode msg) {
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
