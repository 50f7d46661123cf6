package dev.helix.realtime;

import dev.helix.access.Principal;
import dev.helix.access.Role;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One real-time client (a WebSocket or an SSE stream) as the hub sees it: the topics it follows and a bounded queue
 * of what to send it. The hub only ever offers to the queue; the connection's own thread does the sending, so a
 * slow client costs the others nothing. When the queue is full the client is closed as too slow.
 */
abstract class Connection {
    /** WebSocket close code for policy violations, used for clients that cannot keep up. */
    static final int TOO_SLOW = 1008;
    /** How long a close may wait for a sender stuck writing to a client that no longer reads. */
    static final long FORCE_CLOSE_AFTER_MILLIS = 5_000;

    private final String id;
    private final Subscriber subscriber;
    private final BlockingQueue<Outgoing> queue;
    private final int capacity;
    private final Set<String> topics = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile Runnable forceClose = () -> {};
    private volatile Runnable onTooSlow = () -> {};
    private volatile boolean ended;

    /** A client of a user key named {@code owner}, without an end user (tests). */
    Connection(String id, String owner, int capacity) {
        this(id, new Subscriber(new Principal("key_" + owner, owner, Role.USER), null), capacity);
    }

    Connection(String id, Subscriber subscriber, int capacity) {
        this.id = id;
        this.subscriber = subscriber;
        this.capacity = capacity;
        this.queue = new ArrayBlockingQueue<>(capacity + 1);
    }

    String id() {
        return id;
    }

    /** Who the client is: its key and end user. */
    Subscriber subscriber() {
        return subscriber;
    }

    /** The role of the key the client authenticated with. */
    Role role() {
        return subscriber.principal().role();
    }

    /** How many messages may wait for this client. */
    int capacity() {
        return capacity;
    }

    Set<String> topics() {
        return topics;
    }

    /** Queues {@code message}; a full queue closes the connection as too slow. Never blocks. */
    void offer(Outgoing.Message message) {
        if (closing.get()) {
            return;
        }
        if (queue.size() >= capacity || !queue.offer(message)) {
            String reason = "too slow: " + capacity + " messages were waiting to be sent (realtime.maxPending)";
            if (closeAs(TOO_SLOW, reason)) {
                onTooSlow.run();
            }
        }
    }

    /** Ends the connection with {@code code} and {@code reason}, after nothing else; false if already ending. */
    boolean closeAs(int code, String reason) {
        if (!closing.compareAndSet(false, true)) {
            return false;
        }
        queue.clear();
        queue.offer(new Outgoing.Close(code, reason));
        Thread.ofVirtual().name("realtime-close-" + id).start(this::forceCloseIfStuck);
        return true;
    }

    /** What to do when this connection is closed for falling too far behind (the hub counts it). */
    void onTooSlow(Runnable action) {
        this.onTooSlow = action;
    }

    /** What ends the connection at once, for a sender blocked on a client that stopped reading. */
    void onForceClose(Runnable action) {
        this.forceClose = action;
    }

    /** Called by the sender when it has finished, so no forced close is needed. */
    void ended() {
        ended = true;
    }

    private void forceCloseIfStuck() {
        try {
            Thread.sleep(FORCE_CLOSE_AFTER_MILLIS);
        } catch (InterruptedException e) {
            return;
        }
        if (!ended) {
            forceClose.run();
        }
    }

    boolean closing() {
        return closing.get();
    }

    /** The next thing to send, waiting at most {@code millis}; null when there was nothing. */
    Outgoing next(long millis) throws InterruptedException {
        return queue.poll(millis, TimeUnit.MILLISECONDS);
    }
}
