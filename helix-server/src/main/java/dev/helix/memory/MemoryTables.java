package dev.helix.memory;

import dev.helix.events.EventLog;
import dev.helix.events.NewEvent;
import dev.helix.storage.Database;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Memory's tables and how changes to them are written: in one transaction with the events that describe them
 * (appended last, so the event log's ordering lock is held only until the commit), published once it has committed.
 */
final class MemoryTables {
    final MemoryStore store = new MemoryStore();
    private final Jdbi jdbi;
    private final EventLog events;

    MemoryTables(Database database, EventLog events) {
        this.jdbi = database.jdbi();
        this.events = events;
    }

    /** A transaction of a change, collecting the events to write with it. */
    static final class Tx {
        final Handle h;
        private final List<NewEvent> events = new ArrayList<>();

        private Tx(Handle h) {
            this.h = h;
        }

        /** Writes {@code event} with the change. */
        void emit(NewEvent event) {
            events.add(event);
        }
    }

    /** Runs {@code change} in a transaction that also writes the events it emits; publishes them after the commit. */
    <T> T write(Function<Tx, T> change) {
        long[] last = {0};
        T value = jdbi.inTransaction(h -> {
            Tx tx = new Tx(h);
            T result = change.apply(tx);
            last[0] = events.appendAll(h, tx.events);
            return result;
        });
        events.published(last[0]);
        return value;
    }

    /** Runs {@code read} on a connection of its own. */
    <T> T read(Function<Handle, T> read) {
        return jdbi.withHandle(read::apply);
    }

    /** Runs {@code read} in a transaction, so that what it reads is consistent. */
    <T> T readTogether(Function<Handle, T> read) {
        return jdbi.inTransaction(read::apply);
    }
}
