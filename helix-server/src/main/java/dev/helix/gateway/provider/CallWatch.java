package dev.helix.gateway.provider;

import dev.helix.gateway.config.ProviderConfig;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Enforces one upstream call's timeouts: first byte and total while waiting for the response headers (by
 * interrupting the waiting thread, which closes its socket), then idle-between-chunks and total while the body is
 * read (by closing the upstream response). A {@link Watchdog} checks it; the calling thread {@link #touch()}es it
 * for every chunk and {@link #finish()}es it at the end.
 */
public final class CallWatch {
    /**
     * Why a call was stopped before it ended.
     *
     * @param clientLeft whether the client went away (else a timeout expired)
     * @param message    what happened, for the error message
     */
    public record Expiry(boolean clientLeft, String message) {}

    private static final int WAITING = 0;
    private static final int READING = 1;
    private static final int DONE = 2;
    private static final int EXPIRED = 3;

    private final ProviderConfig.Timeouts timeouts;
    private final Watchdog watchdog;
    private final Thread caller;
    private final long startNanos;
    private final AtomicInteger phase = new AtomicInteger(WAITING);
    private volatile long lastActivityNanos;
    private volatile @Nullable AutoCloseable upstream;
    private volatile @Nullable Expiry expiry;

    CallWatch(ProviderConfig.Timeouts timeouts, Watchdog watchdog) {
        this.timeouts = timeouts;
        this.watchdog = watchdog;
        this.caller = Thread.currentThread();
        this.startNanos = System.nanoTime();
        this.lastActivityNanos = startNanos;
    }

    /** The response headers arrived; from now on a timeout closes {@code response}. */
    public void reading(AutoCloseable response) {
        upstream = response;
        lastActivityNanos = System.nanoTime();
        phase.compareAndSet(WAITING, READING);
    }

    /** A chunk arrived. */
    public void touch() {
        lastActivityNanos = System.nanoTime();
    }

    /** The call is over; clears an interrupt a late timeout may have left on this thread. */
    public void finish() {
        int before = phase.getAndSet(DONE);
        watchdog.forget(this);
        if (before == EXPIRED && caller == Thread.currentThread()) {
            Thread.interrupted();
        }
    }

    /** Stops the call now (the client went away). */
    public void cancel() {
        expire(new Expiry(true, "the client closed the connection"));
    }

    /** Whether the response headers arrived (whatever their status): from then on the provider was answering. */
    public boolean responded() {
        return upstream != null;
    }

    /** Why the call was stopped, or null if it was not. */
    public @Nullable Expiry expiry() {
        return expiry;
    }

    public ProviderConfig.Timeouts timeouts() {
        return timeouts;
    }

    /** Milliseconds since the call started. */
    public long elapsedMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    void check(long now) {
        int p = phase.get();
        if (p == WAITING && now - startNanos > timeouts.firstByte().toNanos()) {
            expire(timedOut("no response within " + timeouts.firstByte().toMillis() + " ms (timeouts.firstByte)"));
        } else if (p == READING && now - lastActivityNanos > timeouts.idle().toNanos()) {
            expire(timedOut("nothing received for " + timeouts.idle().toMillis() + " ms (timeouts.idle)"));
        } else if ((p == WAITING || p == READING)
                && now - startNanos > timeouts.total().toNanos()) {
            expire(timedOut("not finished within " + timeouts.total().toMillis() + " ms (timeouts.total)"));
        }
    }

    private static Expiry timedOut(String message) {
        return new Expiry(false, message);
    }

    private void expire(Expiry why) {
        int p = phase.get();
        if ((p != WAITING && p != READING) || !phase.compareAndSet(p, EXPIRED)) {
            return;
        }
        expiry = why;
        AutoCloseable response = upstream;
        if (p == READING && response != null) {
            try {
                response.close();
            } catch (Exception ignored) {
                // closing is best effort; the reader fails either way
            }
        } else {
            caller.interrupt();
        }
    }
}
