package dev.helix.testkit;

import io.helidon.http.HttpPrologue;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.Http1ConnectionListener;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The requests held by a {@link Fault.Kind#HANG} fault, and what releases them: the client closing its connection,
 * the server closing, or {@link #MAX_HANG} passing.
 *
 * <p>Implementation notes: a blocked handler cannot see its client leave, because nobody reads the socket while it
 * runs. So a hang starts a watcher that reads from the connection: end of stream (or any read failure) means the
 * client is gone. That is only safe because a hang always ends by closing the connection, so the watcher never
 * competes with the server for the next request's bytes. The handler finds its connection through a thread-local
 * that this HTTP/1 receive listener sets for each request: Helidon runs the listener and the handler on the same
 * connection thread.
 */
final class Hangs implements Http1ConnectionListener {
    static final Duration MAX_HANG = Duration.ofSeconds(60);
    private static final ThreadLocal<ConnectionContext> CONNECTION = new ThreadLocal<>();

    private final Set<CountDownLatch> held = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    @Override
    public void prologue(ConnectionContext ctx, HttpPrologue prologue) {
        CONNECTION.set(ctx);
    }

    /** Blocks the calling request until it is released (see the class comment). */
    void hang() {
        CountDownLatch release = new CountDownLatch(1);
        held.add(release);
        try {
            if (!closed) {
                watchClient(release);
                release.await(MAX_HANG.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            held.remove(release);
        }
    }

    /** Releases every held request and any that hangs later. */
    void releaseAll() {
        closed = true;
        held.forEach(CountDownLatch::countDown);
    }

    private static void watchClient(CountDownLatch release) {
        ConnectionContext ctx = CONNECTION.get();
        if (ctx == null) {
            return;
        }
        Thread.ofVirtual().name("mock-llm-hang-watch").start(() -> {
            try {
                ctx.dataReader().ensureAvailable();
            } catch (RuntimeException e) {
                release.countDown();
            }
        });
    }
}
