package dev.helix.memory;

import dev.helix.events.EventLog;
import dev.helix.events.Outbox;
import dev.helix.storage.Database;

/** Memory's tables, written through the event log's {@link Outbox}: each change with its events. */
final class MemoryTables extends Outbox {
    final MemoryStore store = new MemoryStore();

    MemoryTables(Database database, EventLog events) {
        super(database, events);
    }
}
