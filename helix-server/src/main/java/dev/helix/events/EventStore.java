package dev.helix.events;

import dev.helix.storage.Database;
import dev.helix.storage.PostgresNotifications;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The SQL of the {@code events} table.
 *
 * <p>Implementation notes: on PostgreSQL an event-writing transaction takes the transaction-level advisory lock
 * {@link #ORDER_LOCK} just before its first event insert and holds it until it commits, so ids are drawn and committed
 * in the same order: a reader paging by {@code id > after} can never see id n+1 committed while id n is still to
 * come. SQLite has one writer at a time, which gives the same order without a lock.
 */
final class EventStore {
    /** The advisory lock key that orders event-writing transactions on PostgreSQL ("HELIXEVT" as a number). */
    static final long ORDER_LOCK = 0x48454c4958455654L;

    /** The PostgreSQL channel ({@link PostgresNotifications#channel scoped} to the schema) that carries the last id of each event-writing transaction to every node. */
    static final String CHANNEL = "helix_events";

    private static final String COLUMNS = "id, type, subject, at, actor, data";
    private static final String INSERT =
            "INSERT INTO events (type, subject, at, actor, data) VALUES (:type, :subject, :at, :actor, :data) "
                    + "RETURNING id";

    private final Jdbi jdbi;
    private final boolean advisoryLock;
    private final Optional<PostgresNotifications> notifications;

    /** The events table of {@code database}; on PostgreSQL its writers take the ordering lock and notify. */
    EventStore(Database database) {
        this.jdbi = database.jdbi();
        this.notifications = database.notifications();
        this.advisoryLock = notifications.isPresent();
    }

    /**
     * Inserts {@code events} in order in {@code h}'s transaction (with their data as JSON in {@code json}) and returns
     * their ids. On PostgreSQL the first insert also takes the ordering lock and the last one also tells every node
     * listening on {@value #CHANNEL} the transaction's last id (delivered only if it commits, after the commit), so a
     * one-event transaction pays one round trip for all three.
     */
    long[] insertAll(Handle h, List<NewEvent> events, List<String> json) {
        long[] ids = new long[events.size()];
        for (int i = 0; i < ids.length; i++) {
            NewEvent event = events.get(i);
            boolean lock = advisoryLock && i == 0;
            boolean announce = advisoryLock && i == ids.length - 1;
            Query insert = h.createQuery(advisoryLock ? postgresInsert(lock, announce) : INSERT)
                    .bind("type", event.type())
                    .bind("subject", event.subject())
                    .bind("at", event.at().toEpochMilli())
                    .bind("actor", event.actor())
                    .bind("data", json.get(i));
            if (lock) {
                insert.bind("key", ORDER_LOCK);
            }
            if (announce) {
                insert.bind("channel", notifications.orElseThrow().channel(CHANNEL));
            }
            ids[i] = insert.mapTo(Long.class).one();
        }
        return ids;
    }

    /** The insert of one event on PostgreSQL, taking the ordering lock first and/or announcing its id. */
    private static String postgresInsert(boolean lock, boolean announce) {
        String values = "CAST(:type AS TEXT), CAST(:subject AS TEXT), CAST(:at AS BIGINT), CAST(:actor AS TEXT), "
                + "CAST(:data AS TEXT)";
        String insert = lock
                ? "WITH ordered AS MATERIALIZED (SELECT pg_advisory_xact_lock(:key)) "
                        + "INSERT INTO events (type, subject, at, actor, data) SELECT " + values + " FROM ordered"
                : "INSERT INTO events (type, subject, at, actor, data) VALUES (" + values + ")";
        return insert + (announce ? " RETURNING id, pg_notify(:channel, id::text)" : " RETURNING id");
    }

    /** Runs {@code work} in one transaction and returns what it returns. */
    long inTransaction(org.jdbi.v3.core.HandleCallback<Long, RuntimeException> work) {
        return jdbi.inTransaction(work);
    }

    /** Up to {@code limit} events with ids above {@code after}, oldest first. */
    List<LoggedEvent> after(long after, int limit) {
        return jdbi.withHandle(
                h -> h.createQuery("SELECT " + COLUMNS + " FROM events WHERE id > :after ORDER BY id LIMIT :limit")
                        .bind("after", after)
                        .bind("limit", limit)
                        .map(EventStore::map)
                        .list());
    }

    /** Up to {@code limit} events with ids above {@code after} that {@code filter} lets through, oldest first. */
    List<LoggedEvent> page(long after, EventFilter filter, int limit) {
        return jdbi.withHandle(h -> {
            Query query = h.createQuery("SELECT " + COLUMNS + " FROM events WHERE id > :after" + filter.sql()
                    + " ORDER BY id LIMIT :limit");
            filter.bind(query);
            return query.bind("after", after)
                    .bind("limit", limit)
                    .map(EventStore::map)
                    .list();
        });
    }

    /** The highest id in the log, 0 when it is empty. */
    long newest() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COALESCE(MAX(id), 0) FROM events")
                .mapTo(Long.class)
                .one());
    }

    /** Deletes at most {@code batch} of the oldest events older than {@code cutoff}; returns how many. */
    int deleteOlderThan(Instant cutoff, int batch) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM events WHERE id IN "
                        + "(SELECT id FROM events WHERE at < :cutoff ORDER BY id LIMIT :batch)")
                .bind("cutoff", cutoff.toEpochMilli())
                .bind("batch", batch)
                .execute());
    }

    /** The id below which events are beyond the newest {@code keep}, or 0 when there are no more than that. */
    long floorKeeping(long keep) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id FROM events ORDER BY id DESC LIMIT 1 OFFSET :keep")
                .bind("keep", keep)
                .mapTo(Long.class)
                .findOne()
                .orElse(0L));
    }

    /** Deletes at most {@code batch} of the oldest events with ids up to {@code floor}; returns how many. */
    int deleteThrough(long floor, int batch) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM events WHERE id IN "
                        + "(SELECT id FROM events WHERE id <= :floor ORDER BY id LIMIT :batch)")
                .bind("floor", floor)
                .bind("batch", batch)
                .execute());
    }

    private static LoggedEvent map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new LoggedEvent(
                rs.getLong("id"),
                rs.getString("type"),
                rs.getString("subject"),
                Instant.ofEpochMilli(rs.getLong("at")),
                rs.getString("actor"),
                rs.getString("data"));
    }
}
