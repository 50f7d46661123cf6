package dev.helix.conversations;

import dev.helix.events.EventLog;
import dev.helix.events.Outbox;
import dev.helix.storage.Database;

/** The feature's tables, written through the event log's {@link Outbox}: each change with its events. */
final class Tables extends Outbox {
    final ConversationStore conversations = new ConversationStore();
    final MessageStore messages = new MessageStore();
    final AnswerLeases leases = new AnswerLeases();

    Tables(Database database, EventLog events) {
        super(database, events);
    }
}
