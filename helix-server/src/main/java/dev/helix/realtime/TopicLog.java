package dev.helix.realtime;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One topic: its recent messages (bounded by count, age and {@link #MAX_BYTES}), the offset up to which history has
 * been dropped, its subscribers, and how to make a snapshot. Callers hold {@link #lock()} so that appending and subscribing are
 * ordered: a subscriber gets its backlog before any later message.
 */
final class TopicLog {
    private record Entry(long offset, long at, Outgoing.Message message) {}

    /** Most characters of JSON kept per topic, whatever the count and age limits allow (large state documents). */
    static final long MAX_BYTES = 16L << 20;

    private final String name;
    private final Supplier<Object> snapshot;
    private final int maxSize;
    private final long maxAgeMillis;
    private final Clock clock;
    private final Deque<Entry> history = new ArrayDeque<>();
    private final Set<Connection> subscribers = ConcurrentHashMap.newKeySet();
    private final Object lock = new Object();
    private long droppedThrough;
    private long bytes;

    TopicLog(String name, Supplier<Object> snapshot, int maxSize, Duration maxAge, Clock clock, long startOffset) {
        this.name = name;
        this.snapshot = snapshot;
        this.maxSize = maxSize;
        this.maxAgeMillis = maxAge.toMillis();
        this.clock = clock;
        this.droppedThrough = startOffset;
    }

    String name() {
        return name;
    }

    Object lock() {
        return lock;
    }

    Set<Connection> subscribers() {
        return subscribers;
    }

    Object snapshot() {
        return snapshot.get();
    }

    /** Adds a message at {@code offset} and sends it to every subscriber. Call with the lock held. */
    void append(long offset, Outgoing.Message message) {
        history.addLast(new Entry(offset, clock.millis(), message));
        bytes += message.json().length();
        trim();
        for (Connection c : subscribers) {
            c.offer(message);
        }
    }

    /**
     * The messages after {@code since}, or null if some of them are no longer kept (or {@code since} is not an
     * offset this node has given out). Call with the lock held.
     */
    @Nullable
    List<Outgoing.Message> after(long since, long newest) {
        trim();
        if (since < droppedThrough || since > newest) {
            return null;
        }
        List<Outgoing.Message> out = new ArrayList<>();
        for (Entry e : history) {
            if (e.offset() > since) {
                out.add(e.message());
            }
        }
        return out;
    }

    /** Forgets the history, so resuming clients get a reset. Call with the lock held. */
    void forget(long through) {
        history.clear();
        bytes = 0;
        droppedThrough = Math.max(droppedThrough, through);
    }

    private void trim() {
        long oldest = clock.millis() - maxAgeMillis;
        while (!history.isEmpty()
                && (history.size() > maxSize
                        || bytes > MAX_BYTES
                        || history.peekFirst().at() < oldest)) {
            Entry dropped = history.removeFirst();
            bytes -= dropped.message().json().length();
            droppedThrough = dropped.offset();
        }
    }
}
