package dev.helix.events;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.helix.bus.Event;
import dev.helix.bus.EventBus;
import dev.helix.internal.Json;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the event log: reads the events after the last one it published, in id order, and publishes each on the
 * {@link EventBus}. It starts at the newest event, so a restart does not replay history onto the bus.
 *
 * <p>Implementation notes: one reader at a time (a lock), so events reach the bus in id order. The thread that
 * commits an event runs the reader itself right after the commit ({@link #publishThrough}), which keeps local latency
 * to one indexed read and means the response cache has seen a write's event before the write answers; the
 * scheduler's poll runs it too, for events written by other processes sharing the database. Events this process
 * wrote are published with the data they were written with ({@code local}, dropped once published), so subscribers
 * see the same Java values as before the log existed; other events' data is parsed from the stored JSON.
 *
 * <p>When every id from the last one published up to a committed local event is a committed local event, the
 * reader publishes them from memory without reading: ids are committed in id order (see {@link EventStore}), so no
 * other event can still appear below them. A gap (a rolled-back transaction, another process's event) sends it to
 * the log. An event is marked committed only by {@link #committed}, after its transaction, so an event whose
 * transaction rolled back is never published.
 *
 * <p>Another process's event is handed to its type's followers ({@link #follow}) before it is published, in the
 * reader, so the parts that copy shared data (the state document) hold the change before anyone here hears of it.
 */
final class EventLogReader {
    private static final Logger LOG = LoggerFactory.getLogger(EventLogReader.class);
    private static final int BATCH = 500;
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private final EventStore store;
    private final EventBus bus;
    private final EventMeters meters;
    private final Clock clock;
    private final ConcurrentSkipListMap<Long, Written> local = new ConcurrentSkipListMap<>();
    private final ReentrantLock reading = new ReentrantLock();
    private final Map<String, List<Consumer<Event>>> followers = new ConcurrentHashMap<>();
    private volatile long lastPublished = -1;
    private volatile long newest;
    private volatile Instant lastRead;

    EventLogReader(EventStore store, EventBus bus, EventMeters meters, Clock clock) {
        this.store = store;
        this.bus = bus;
        this.meters = meters;
        this.clock = clock;
        this.lastRead = clock.instant();
    }

    /** Starts after the newest event in the log. */
    void startAtNewest() {
        reading.lock();
        try {
            newest = store.newest();
            lastPublished = newest;
            lastRead = clock.instant();
        } finally {
            reading.unlock();
        }
    }

    boolean started() {
        return lastPublished >= 0;
    }

    /** An event this process wrote: its data, the last id of its transaction, and whether that committed. */
    private static final class Written {
        final NewEvent event;
        final long lastOfTransaction;
        volatile boolean committed;

        Written(NewEvent event, long lastOfTransaction) {
            this.event = event;
            this.lastOfTransaction = lastOfTransaction;
        }
    }

    /**
     * Remembers event {@code id}, just written by this process in a transaction whose last event is {@code last},
     * for its publication once {@link #committed}.
     */
    void wrote(long id, NewEvent event, long last) {
        local.put(id, new Written(event, last));
    }

    /** Marks the events of the transaction whose last event is {@code last} as committed. */
    void committed(long last) {
        for (Written w : local.headMap(last, true).descendingMap().values()) {
            if (w.lastOfTransaction != last) {
                return;
            }
            w.committed = true;
        }
    }

    /** Publishes every committed event up to {@code id} at least (no read if that is already done). */
    void publishThrough(long id) {
        if (lastPublished >= id) {
            return;
        }
        reading.lock();
        try {
            if (lastPublished < id && !publishFromMemory(id)) {
                catchUp();
            }
        } finally {
            reading.unlock();
        }
    }

    /** Publishes the committed local events that follow the last one published; true if {@code id} was reached. */
    private boolean publishFromMemory(long id) {
        if (!started()) {
            return false;
        }
        Written next;
        while (lastPublished < id && (next = local.get(lastPublished + 1)) != null && next.committed) {
            long nextId = lastPublished + 1;
            local.remove(nextId);
            publish(
                    nextId,
                    next.event.type(),
                    next.event.subject(),
                    next.event.data(),
                    next.event.at(),
                    next.event.actor(),
                    true);
        }
        return lastPublished >= id;
    }

    /** Runs {@code follower} for each event of {@code type} another process wrote, before it is published. */
    void follow(String type, Consumer<Event> follower) {
        followers.computeIfAbsent(type, t -> new CopyOnWriteArrayList<>()).add(follower);
    }

    /** Another process announced event {@code id}: the log is known to reach it. */
    void heard(long id) {
        if (id != Long.MAX_VALUE) {
            newest = Math.max(newest, id);
        }
    }

    /** Reads the newest id, then publishes every committed event not published yet. */
    void poll() {
        if (started()) {
            newest = Math.max(newest, store.newest());
            catchUp();
        }
    }

    /** Publishes every committed event not published yet, in id order. */
    void catchUp() {
        reading.lock();
        try {
            if (!started()) {
                return;
            }
            List<LoggedEvent> page;
            do {
                page = store.after(lastPublished, BATCH);
                page.forEach(this::publish);
            } while (page.size() == BATCH);
            lastRead = clock.instant();
        } finally {
            reading.unlock();
        }
    }

    private void publish(LoggedEvent row) {
        Written mine = local.remove(row.id());
        local.headMap(row.id()).clear();
        Map<String, Object> data = mine != null ? mine.event.data() : parse(row);
        Instant at = mine != null ? mine.event.at() : row.at();
        publish(row.id(), row.type(), row.subject(), data, at, row.actor(), mine != null);
    }

    private void publish(
            long id,
            String type,
            String subject,
            Map<String, Object> data,
            Instant at,
            @Nullable String actor,
            boolean writtenHere) {
        Event event = new Event(type, subject, data, at, id, actor);
        if (!writtenHere) {
            follow(event);
        }
        try {
            bus.publish(event);
        } catch (RuntimeException e) {
            LOG.warn("event {} ({}) could not be published: {}", id, type, e.getMessage());
        }
        lastPublished = id;
        newest = Math.max(newest, id);
        meters.published(type, writtenHere);
    }

    private void follow(Event event) {
        for (Consumer<Event> follower : followers.getOrDefault(event.type(), List.of())) {
            try {
                follower.accept(event);
            } catch (RuntimeException e) {
                LOG.warn("event {} ({}) could not be followed: {}", event.id(), event.type(), e.toString());
            }
        }
    }

    private static Map<String, Object> parse(LoggedEvent row) {
        try {
            Map<String, Object> data = Json.mapper().readValue(row.data(), MAP);
            data.values().removeIf(Objects::isNull);
            return data;
        } catch (IOException e) {
            LOG.warn("event {} ({}) has data that is not a JSON object: {}", row.id(), row.type(), e.getMessage());
            return Map.of();
        }
    }

    /** The id of the last event published (-1 before the start). */
    long lastPublished() {
        return lastPublished;
    }

    /** How many ids the newest known event is ahead of the last one published. */
    long lag() {
        return started() ? Math.max(0, newest - lastPublished) : 0;
    }

    /** When the log was last read to its end (when the reader was made, before the start). */
    Instant lastRead() {
        return lastRead;
    }
}
