package dev.helix.events;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An event about to be written to the event log.
 *
 * @param type    what happened, one of {@link EventTypes}
 * @param subject the topic it belongs to ({@link EventTypes#STATE}, …)
 * @param actor   the id of the API key that caused it, or null
 * @param data    its facts, a JSON-serialisable map
 * @param at      when it happened
 */
public record NewEvent(
        String type, String subject, @Nullable String actor, Map<String, Object> data, Instant at) {
    public NewEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(at, "at");
        data = data == null ? Map.of() : data;
    }
}
