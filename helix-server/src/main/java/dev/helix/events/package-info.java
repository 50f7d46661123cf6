/**
 * The durable event log (an outbox): every event Helix emits is written to the {@code events} table in the
 * transaction of the change it describes ({@link dev.helix.events.EventLog}), read back in id order and only then
 * published on the in-process {@link dev.helix.bus.EventBus}; it is paged through {@code GET /api/v1/event-log}
 * and pruned by age and count in the background.
 */
@NullMarked
package dev.helix.events;

import org.jspecify.annotations.NullMarked;
