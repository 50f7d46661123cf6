package dev.helix.events;

import dev.helix.storage.Database;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * How a feature writes changes to its tables: in one transaction with the events that describe them (appended last, so
 * the event log's ordering lock is held only until the commit), the events published once it has committed. A
 * feature's own tables class extends it with its stores; a feature whose change spans another's (which offers to
 * work in a given {@link Tx}) uses one as it is.
 */
public class Outbox {
    private final Jdbi jdbi;
    private final EventLog events;

    /** Writes to {@code database}, appending to and publishing through {@code events}. */
    public Outbox(Database database, EventLog events) {
        this.jdbi = database.jdbi();
        this.events = events;
    }

    /** A transaction of a change, collecting the events to write with it. */
    public static final class Tx {
        /** The transaction's handle. */
        public final Handle h;

        private final List<NewEvent> events = new ArrayList<>();
        private final List<Runnable> undo;
        private final List<Runnable> committed;

        private Tx(Handle h, List<Runnable> undo, List<Runnable> committed) {
            this.h = h;
            this.undo = undo;
            this.committed = committed;
        }

        /** Writes {@code event} with the change. */
        public void emit(NewEvent event) {
            events.add(event);
        }

        /**
         * Runs {@code action} if the transaction rolls back (or its commit fails), on the writer's thread once the
         * transaction is over: for what a change put in memory ahead of its commit, to be set back from the database.
         */
        public void onRollback(Runnable action) {
            undo.add(action);
        }

        /**
         * Runs {@code action} once the transaction has committed, before its events are published, on the writer's
         * thread: for what follows the stored data in memory.
         */
        public void afterCommit(Runnable action) {
            committed.add(action);
        }
    }

    /**
     * Runs {@code change} in a transaction that also writes the events it emits; once it has committed, runs the
     * change's {@link Tx#afterCommit} actions and publishes the events. If it rolls back, runs the change's
     * {@link Tx#onRollback} actions and throws what made it roll back.
     */
    public <T> T write(Function<Tx, T> change) {
        List<Runnable> undo = new ArrayList<>();
        List<Runnable> committed = new ArrayList<>();
        long[] last = {0};
        T value;
        try {
            value = jdbi.inTransaction(h -> {
                Tx tx = new Tx(h, undo, committed);
                T result = change.apply(tx);
                last[0] = events.appendAll(h, tx.events);
                return result;
            });
        } catch (RuntimeException | Error e) {
            undo.forEach(Runnable::run);
            throw e;
        }
        committed.forEach(Runnable::run);
        events.published(last[0]);
        return value;
    }

    /** Runs {@code read} on a connection of its own, outside any transaction. */
    public <T> T read(Function<Handle, T> read) {
        return jdbi.withHandle(read::apply);
    }

    /** Runs {@code read} in a transaction, so that what it reads is consistent. */
    public <T> T readTogether(Function<Handle, T> read) {
        return jdbi.inTransaction(read::apply);
    }
}
