package dev.helix.events;

import dev.helix.bus.Event;
import dev.helix.bus.EventBus;
import dev.helix.health.HealthCheck;
import dev.helix.internal.Errors;
import dev.helix.internal.Json;
import dev.helix.storage.Database;
import dev.helix.storage.PostgresNotifications;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable event log (outbox) and the only way events reach the {@link EventBus}: a change and its event are
 * written in one transaction, and the event is published only once it is read back committed, in id order.
 *
 * <p>A change stored in the database appends its event with {@link #append} as the last statement of its own
 * transaction and calls {@link #published} with the id once it has committed. An event that describes no stored
 * change is written in a transaction of its own, at once ({@link #emit}) or batched in the background
 * ({@link #emitSoon}). Either way a crash leaves the change and its event together or neither, and no event is
 * published before its transaction commits.
 *
 * <p>Several nodes share one log on PostgreSQL. Each event-writing transaction also sends {@code NOTIFY}
 * {@value EventStore#CHANNEL} with its last id, delivered only once it commits; every other node hears it through its
 * one listening connection ({@link Database#notifications()}) and reads the log from the last id it published, so
 * it learns of another node's change within milliseconds. The log stays the truth: a notification lost while the
 * listener reconnects delays an event, never skips it, since {@link #poll} (every {@code events.pollInterval}) and a
 * read each time the listening starts (at start, after a reconnection) pick it up by id. Parts that keep a copy of
 * shared data ({@link #followOthers}) update it before other nodes' events reach this node's bus.
 *
 * <p>Made with {@link #writerOnly}, a log writes events and publishes none (the command line).
 */
public final class EventLog {
    private static final Logger LOG = LoggerFactory.getLogger(EventLog.class);
    private static final int FLUSH_BATCH = 500;
    private static final long LAG_LIMIT = 10_000;

    private final EventStore store;
    private final @Nullable EventLogReader reader; // null: writes only, publishes nothing
    private final Clock clock;
    private final Optional<PostgresNotifications> otherNodes;
    private final AtomicBoolean wakeAsked = new AtomicBoolean();
    private final AtomicBoolean waking = new AtomicBoolean();
    private final ConcurrentLinkedDeque<NewEvent> queued = new ConcurrentLinkedDeque<>();
    private final AtomicBoolean flushing = new AtomicBoolean();
    private final ReentrantLock flushLock = new ReentrantLock();

    private EventLog(
            EventStore store,
            Clock clock,
            @Nullable EventLogReader reader,
            Optional<PostgresNotifications> otherNodes) {
        this.store = store;
        this.clock = clock;
        this.reader = reader;
        this.otherNodes = otherNodes;
    }

    /** A log that publishes what is written to it on {@code bus}, once {@link #start()}ed. */
    public static EventLog publishingTo(EventBus bus, Database database, Clock clock, MeterRegistry registry) {
        EventStore store = storeOf(database);
        EventMeters meters = new EventMeters(registry);
        EventLogReader reader = new EventLogReader(store, bus, meters, clock);
        meters.lag(reader, EventLogReader::lag);
        return new EventLog(store, clock, reader, database.notifications());
    }

    /** A log that only writes: a running Helix sharing the database publishes the events at its next poll. */
    public static EventLog writerOnly(Database database) {
        return new EventLog(storeOf(database), Clock.systemUTC(), null, Optional.empty());
    }

    private static EventStore storeOf(Database database) {
        return new EventStore(database);
    }

    /**
     * Starts publishing from the newest event in the (migrated) database and writes the events emitted before.
     * Call once storage is migrated and before anything else writes.
     */
    public void start() {
        if (reader != null) {
            reader.startAtNewest();
            otherNodes.ifPresent(n -> n.listen(EventStore.CHANNEL, new Wakeup()));
        }
        flush();
    }

    /**
     * Runs {@code follower} for every event of {@code type} written by another process (another node, the command
     * line), in the reader, before the event is published on this node's bus: whatever the follower updates is up to
     * date by the time anyone on this node sees the event. Keep it short; it must not write events, nor wait on a
     * lock held while they are written.
     */
    public void followOthers(String type, Consumer<Event> follower) {
        if (reader != null) {
            reader.follow(type, follower);
        }
    }

    /**
     * What the log does with another node's notification: the last id of a transaction it committed. A node that
     * has not published it yet reads the log from its last id, on a thread of its own, so the listener is never
     * held up; wake-ups that arrive meanwhile are taken together by one read.
     */
    private final class Wakeup implements PostgresNotifications.Listener {
        @Override
        public void heard(String payload) {
            long id = parseId(payload);
            EventLogReader r = Objects.requireNonNull(reader, "a log that listens has a reader");
            r.heard(id);
            if (id > r.lastPublished()) {
                wake();
            }
        }

        @Override
        public void resumed() {
            wake();
        }
    }

    private static long parseId(String payload) {
        try {
            return Long.parseLong(payload);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE; // not ours to read: look anyway
        }
    }

    private void wake() {
        wakeAsked.set(true);
        if (waking.compareAndSet(false, true)) {
            Thread.ofVirtual().name("helix-event-wakeup").start(this::readWhileAsked);
        }
    }

    private void readWhileAsked() {
        do {
            while (wakeAsked.getAndSet(false)) {
                readQuietly();
            }
            waking.set(false);
        } while (wakeAsked.get() && waking.compareAndSet(false, true));
    }

    private void readQuietly() {
        if (reader == null) {
            return;
        }
        try {
            reader.catchUp();
        } catch (RuntimeException e) {
            LOG.warn("the event log could not be read after a wake-up ({}); the next poll reads it", e.getMessage());
        }
    }

    /**
     * Writes {@code event} in {@code h}'s transaction; make it the last statement, so the ordering lock (PostgreSQL)
     * is held only until the commit. Returns the event's id, for {@link #published} after the commit.
     */
    public long append(Handle h, NewEvent event) {
        return appendAll(h, List.of(event));
    }

    /** Writes {@code events} in order in {@code h}'s transaction, like {@link #append}; returns the last id (0: none). */
    public long appendAll(Handle h, List<NewEvent> events) {
        if (events.isEmpty()) {
            return 0;
        }
        List<String> json = events.stream()
                .map(e -> new String(Json.bytes(e.data()), StandardCharsets.UTF_8))
                .toList();
        long[] ids = store.insertAll(h, events, json);
        long last = ids[ids.length - 1];
        if (reader != null) {
            for (int i = 0; i < ids.length; i++) {
                reader.wrote(ids[i], events.get(i), last);
            }
        }
        return last;
    }

    /**
     * Publishes the committed events up to {@code id} (from {@link #append}) before returning; call it only once the
     * transaction that appended {@code id} has committed. A failure to read them back is logged; the next poll
     * publishes them.
     */
    public void published(long id) {
        if (reader == null || id <= 0) {
            return;
        }
        try {
            reader.committed(id);
            reader.publishThrough(id);
        } catch (RuntimeException e) {
            LOG.warn("event {} is written but not published yet ({}); the next poll publishes it", id, e.getMessage());
        }
    }

    /** Publishes every committed event not published yet, e.g. one another node wrote. */
    public void catchUp() {
        published(Long.MAX_VALUE);
    }

    /**
     * Writes {@code event}, which describes no stored change, in a transaction of its own and publishes it before
     * returning; before {@link #start()} it is kept and written at the start. A failure is logged, not thrown.
     */
    public void emit(NewEvent event) {
        if (reader != null && !reader.started()) {
            queued.add(event);
            return;
        }
        try {
            published(store.inTransaction(h -> append(h, event)));
        } catch (RuntimeException e) {
            LOG.warn("event {} could not be written to the event log: {}", event.type(), Errors.rootMessage(e));
        }
    }

    /** Queues {@code event} to be written, with others, by a background thread soon; never waits on the database. */
    public void emitSoon(NewEvent event) {
        queued.add(event);
        if ((reader == null || reader.started()) && flushing.compareAndSet(false, true)) {
            Thread.ofVirtual().name("helix-event-flush").start(() -> {
                flushing.set(false);
                flush();
            });
        }
    }

    /** Writes the queued events, in batches, each in one transaction; a failed batch stays queued. */
    public void flush() {
        flushLock.lock();
        try {
            for (List<NewEvent> batch = take(); !batch.isEmpty(); batch = take()) {
                if (!write(batch)) {
                    return;
                }
            }
        } finally {
            flushLock.unlock();
        }
    }

    private List<NewEvent> take() {
        List<NewEvent> batch = new ArrayList<>();
        NewEvent e;
        while (batch.size() < FLUSH_BATCH && (e = queued.poll()) != null) {
            batch.add(e);
        }
        return batch;
    }

    private boolean write(List<NewEvent> batch) {
        try {
            published(store.inTransaction(h -> appendAll(h, batch)));
            return true;
        } catch (RuntimeException e) {
            for (int i = batch.size() - 1; i >= 0; i--) {
                queued.addFirst(batch.get(i));
            }
            LOG.warn("{} events could not be written to the event log yet: {}", batch.size(), Errors.rootMessage(e));
            return false;
        }
    }

    /** Writes what is queued and publishes what other processes wrote; the scheduler runs it every poll interval. */
    public void poll() {
        if (reader != null && !reader.started()) {
            return;
        }
        flush();
        if (reader != null) {
            reader.poll();
        }
    }

    /**
     * The id after which this node started publishing on its bus, the newest event when it started (-1 before the
     * start, or when it only writes): every later event is published here, in id order.
     */
    public long startedAfter() {
        return reader == null ? -1 : reader.startedAfter();
    }

    /** The id of the last event published on this node's bus (-1 before the start). */
    public long lastPublished() {
        return reader == null ? -1 : reader.lastPublished();
    }

    /** How many ids the newest event known is ahead of the last one published here. */
    public long lag() {
        return reader == null ? 0 : reader.lag();
    }

    /**
     * Degraded when the reader has fallen behind: more than {@value #LAG_LIMIT} events to publish, or no read to the
     * end of the log for {@code stale} (a few poll intervals).
     */
    public HealthCheck health(Duration stale) {
        return () -> {
            if (reader == null || !reader.started()) {
                return;
            }
            long lag = reader.lag();
            if (lag > LAG_LIMIT) {
                throw new HealthCheck.Degraded("the event log reader is " + lag + " events behind (last published "
                        + reader.lastPublished() + ")");
            }
            Duration since = Duration.between(reader.lastRead(), clock.instant());
            if (since.compareTo(stale) > 0) {
                throw new HealthCheck.Degraded("the event log has not been read for " + since.toMillis()
                        + " ms (last published " + reader.lastPublished() + ", " + lag + " known to be waiting)");
            }
        };
    }

    /** The log's queries, for the API and retention in this package. */
    EventStore store() {
        return store;
    }
}
