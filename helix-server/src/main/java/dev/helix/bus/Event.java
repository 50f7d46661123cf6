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
 * @param id    its id in the durable event log (0 for an event that was never written there)
 * @param actor the id of the API key that caused it, or null (Helix itself, a file edit, an unknown caller)
 */
public record Event(
        String type,
        String topic,
        Map<String, Object> data,
        Instant at,
        long id,
        @Nullable String actor) {
    public Event {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(at, "at");
        data = Map.copyOf(Objects.requireNonNull(data, "data"));
    }

    /** An event that is not (yet) in the event log and has no known actor. */
    public Event(String type, String topic, Map<String, Object> data, Instant at) {
        this(type, topic, data, at, 0, null);
    }
}
