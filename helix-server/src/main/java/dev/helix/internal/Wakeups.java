package dev.helix.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Wakes the threads of this node waiting on a key (a mailbox, a request waiting for its reply, a message waiting for
 * its turn to be answered) as soon as something happens for it. A waiter reads the key's generation before it looks in the database and waits only
 * while the generation is unchanged, so a signal between the look and the wait is never missed. Each key has its
 * own lock and condition (locks, not {@code synchronized}, so waiting virtual threads do not pin their carriers).
 */
public final class Wakeups {
    /** One key's generation and the condition its waiters wait on. */
    private static final class Slot {
        final ReentrantLock lock = new ReentrantLock();
        final Condition changed = lock.newCondition();
        final AtomicLong generation = new AtomicLong(); // changed only under lock
    }

    private final ConcurrentMap<String, Slot> slots = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** The generation of {@code key} now: pass it to {@link #await}. */
    public long generation(String key) {
        return slot(key).generation.get();
    }

    /** Wakes every waiter of {@code key}. */
    public void signal(String key) {
        Slot s = slots.get(key);
        if (s == null) {
            return; // nobody has waited on it: nobody to wake
        }
        s.lock.lock();
        try {
            s.generation.incrementAndGet();
            s.changed.signalAll();
        } finally {
            s.lock.unlock();
        }
    }

    /** Waits up to {@code nanos} for {@code key} to move past {@code seen}; returns at once when closed. */
    public void await(String key, long seen, long nanos) throws InterruptedException {
        Slot s = slot(key);
        long left = nanos;
        s.lock.lock();
        try {
            while (!closed && s.generation.get() == seen && left > 0) {
                left = s.changed.awaitNanos(left);
            }
        } finally {
            s.lock.unlock();
        }
    }

    /** Drops {@code key} (a request's reply key once its wait is over). */
    public void forget(String key) {
        slots.remove(key);
    }

    /** Wakes every waiter for good: later waits return at once. */
    public void close() {
        closed = true;
        slots.values().forEach(s -> {
            s.lock.lock();
            try {
                s.changed.signalAll();
            } finally {
                s.lock.unlock();
            }
        });
    }

    public boolean closed() {
        return closed;
    }

    private Slot slot(String key) {
        return slots.computeIfAbsent(key, k -> new Slot());
    }
}
