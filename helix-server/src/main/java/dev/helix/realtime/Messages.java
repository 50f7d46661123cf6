package dev.helix.realtime;

import dev.helix.bus.Event;
import dev.helix.internal.Json;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON messages Helix sends to real-time clients. */
final class Messages {
    private Messages() {}

    static Outgoing.Message event(long offset, Event event) {
        return event(event.topic(), offset, event);
    }

    /** {@code event} as a message of {@code topic}, which may gather events of other topics. */
    static Outgoing.Message event(String topic, long offset, Event event) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "event");
        m.put("topic", topic);
        m.put("offset", offset);
        m.put("event", event.type());
        m.put("at", event.at().toString());
        m.put("data", event.data());
        return new Outgoing.Message(event.type(), offset, json(m), event.at().toEpochMilli());
    }

    /** A message that is not an event: no offset, not kept for resuming. */
    static Outgoing.Message live(String type, String topic, Object data) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type);
        m.put("topic", topic);
        m.put("data", data);
        return new Outgoing.Message(type, -1, json(m));
    }

    static Outgoing.Message subscribed(String topic, long offset) {
        return new Outgoing.Message(
                "subscribed", offset, json(ordered("type", "subscribed", "topic", topic, "offset", offset)));
    }

    static Outgoing.Message snapshot(String topic, long offset, Object data) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "snapshot");
        m.put("topic", topic);
        m.put("offset", offset);
        m.put("data", data);
        return new Outgoing.Message("snapshot", -1, json(m));
    }

    static Outgoing.Message reset(String topic, String reason) {
        return new Outgoing.Message("reset", -1, json(ordered("type", "reset", "topic", topic, "reason", reason)));
    }

    static Outgoing.Message unsubscribed(String topic) {
        return new Outgoing.Message("unsubscribed", -1, json(ordered("type", "unsubscribed", "topic", topic)));
    }

    static Outgoing.Message error(String code, String message) {
        return new Outgoing.Message("error", -1, json(ordered("type", "error", "code", code, "message", message)));
    }

    static Outgoing.Message pong() {
        return new Outgoing.Message("pong", -1, "{\"type\":\"pong\"}");
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    private static String json(Object value) {
        return new String(Json.bytes(value), StandardCharsets.UTF_8);
    }
}
