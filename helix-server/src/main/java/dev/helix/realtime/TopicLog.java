package dev.helix.realtime;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * One topic: its recent messages (bounded by count, age and {@link #MAX_BYTES}), each with the clients it is for, the
 * offset up to which history has been dropped, its subscribers, and how to make a snapshot for a client. Callers hold
 * {@link #lock()} so that appending and subscribing are ordered: a subscriber gets its backlog before any later
 * message. A topic the hub has dropped is {@linkplain #retire() retired}: whoever finds it so under the lock looks the
 * topic up again.
 */
final class TopicLog {
    /** The audience of a message for every subscriber. */
    static final Predicate<Subscriber> EVERYONE = s -> true;

    private record Entry(long offset, long at, Outgoing.Message message, Predicate<Subscriber> audience) {}

    /** Most characters of JSON kept per topic, whatever the count and age limits allow (large state documents). */
    static final long MAX_BYTES = 16L << 20;

    private final String name;
    private final Function<Subscriber, Object> snapshot;
    private final int maxSize;
    private final long maxAgeMillis;
    private final Clock clock;
    private final Deque<Entry> history = new ArrayDeque<>();
    private final Set<Connection> subscribers = ConcurrentHashMap.newKeySet();
    private final Object lock = new Object();
    private long droppedThrough;
    private long bytes;
    private boolean retired;

    TopicLog(
            String name,
            Function<Subscriber, Object> snapshot,
            int maxSize,
            Duration maxAge,
            Clock clock,
            long startOffset) {
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

    /** What the topic holds now, as {@code subscriber} may see it. */
    Object snapshot(Subscriber subscriber) {
        return snapshot.apply(subscriber);
    }

    /** Adds a message at {@code offset} and sends it to every subscriber. Call with the lock held. */
    void append(long offset, Outgoing.Message message) {
        append(offset, message, EVERYONE);
    }

    /** Adds a message at {@code offset} for {@code audience} and sends it to those subscribers. Call with the lock held. */
    void append(long offset, Outgoing.Message message, Predicate<Subscriber> audience) {
        history.addLast(new Entry(offset, clock.millis(), message, audience));
        bytes += message.json().length();
        trim();
        for (Connection c : subscribers) {
            if (audience.test(c.subscriber())) {
                c.offer(message);
            }
        }
    }

    /** Sends {@code message} to the subscribers of {@code audience} now, without keeping it. Call with the lock held. */
    void send(Outgoing.Message message, Predicate<Subscriber> audience) {
        for (Connection c : subscribers) {
            if (audience.test(c.subscriber())) {
                c.offer(message);
            }
        }
    }

    /**
     * The messages after {@code since}, or null if some of them are no longer kept (or {@code since} is not an
     * offset this node has given out). Call with the lock held.
     */
    @Nullable
    List<Outgoing.Message> after(long since, long newest, Subscriber subscriber) {
        trim();
        if (since < droppedThrough || since > newest) {
            return null;
        }
        List<Outgoing.Message> out = new ArrayList<>();
        for (Entry e : history) {
            if (e.offset() > since && e.audience().test(subscriber)) {
                out.add(e.message());
            }
        }
        return out;
    }

    /** Whether nobody follows the topic and it keeps no message (all aged out). Call with the lock held. */
    boolean idle() {
        trim();
        return subscribers.isEmpty() && history.isEmpty();
    }

    /** The offset through which messages have been dropped. Call with the lock held. */
    long droppedThrough() {
        return droppedThrough;
    }

    /** Marks the topic as dropped by the hub. Call with the lock held. */
    void retire() {
        retired = true;
    }

    /** Whether the hub has dropped the topic. Call with the lock held. */
    boolean retired() {
        return retired;
    }

    /**
     * Drops the messages up to {@code through} and declares that the history holds every message after it (an empty
     * history starts there, even below where it started before). Call with the lock held.
     */
    void startAfter(long through) {
        while (!history.isEmpty() && history.peekFirst().offset() <= through) {
            bytes -= history.removeFirst().message().json().length();
        }
        droppedThrough = history.isEmpty() ? through : Math.max(droppedThrough, through);
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
