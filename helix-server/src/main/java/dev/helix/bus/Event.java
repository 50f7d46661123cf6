package dev.helix.bus;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Something that happened, published on the {@link EventBus}.
 *
 * @param type  what happened, dotted: {@code state.changed}, {@code agents.changed}
 * @param topic the stream it belongs to (ordering is per topic): {@code state}, {@code agents}
 * @param data  the event's facts, JSON-serialisable
 * @param at    when it happened
 */
public record Event(String type, String topic, @Nullable Map<String, Object> data, Instant at) {
    public Event {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(at, "at");
        data = data == null ? Map.of() : Map.copyOf(data);
    }
}
