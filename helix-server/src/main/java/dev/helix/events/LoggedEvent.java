package dev.helix.events;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One row of the event log as stored.
 *
 * @param id      its place in the log: later commits have higher ids
 * @param type    what happened ({@link EventTypes})
 * @param subject the topic it belongs to
 * @param at      when it happened
 * @param actor   the id of the API key that caused it, or null
 * @param data    its facts as JSON object text
 */
record LoggedEvent(
        long id,
        String type,
        String subject,
        Instant at,
        @Nullable String actor,
        String data) {}
