package dev.helix.http;

import dev.helix.config.Durations;
import io.helidon.common.buffers.DataReader;
import io.helidon.common.socket.HelidonSocket;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.ServerConnectionException;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stands between one HTTP/1.1 connection's socket and the server's request parser, which pulls bytes from it: hands
 * on one request at a time as {@link RequestFraming} cuts them, answers requests it cannot frame (400, 431, 501) and
 * closes, closes after the answer to a request that asked for it ({@code Connection: close}), and keeps the clocks
 * {@link WireWatchdog} checks: a request's head must arrive within {@code server.requestHeadersTimeout} of its first
 * byte, its body within {@code server.requestBodyTimeout} of the server asking for it, or the request is answered
 * 408 and the connection closed. A client that goes away in the middle of a body ends the request as
 * {@link RequestEndedException#clientClosed()}, not as a server error.
 *
 * <p>Implementation notes: the connection thread calls {@link #get()}; the watchdog thread reads the volatile phase,
 * clock and {@code reading} flag and calls {@link #expire()}, which answers through the {@link WireWriter} (whose lock
 * keeps the answer from mixing with a response) and closes the socket to wake the blocked read. The request filter,
 * running on the connection thread, finds this guard through {@link #current()}.
 */
final class WireGuard implements Supplier<byte[]> {
    private static final Logger LOG = LoggerFactory.getLogger(WireGuard.class);
    private static final ThreadLocal<WireGuard> CURRENT = new ThreadLocal<>();

    private enum Phase {
        IDLE,
        HEAD,
        BODY,
        PASS
    }

    private final HelidonSocket socket;
    private final WireWriter writer;
    private final RequestFraming framing;
    private final long headersNanos;
    private final long bodyNanos;
    private final Duration headersTimeout;
    private final Duration bodyTimeout;
    private @Nullable DataReader unread;
    private volatile Phase phase = Phase.IDLE;
    private volatile long since;
    private volatile boolean reading;
    private volatile boolean expired;
    private volatile @Nullable String requestId;
    private boolean closing;
    private boolean closed;

    /**
     * @param unread bytes the server read before choosing HTTP/1.1 for the connection, handed on first
     */
    WireGuard(
            HelidonSocket socket,
            DataReader unread,
            WireWriter writer,
            Duration headersTimeout,
            Duration bodyTimeout,
            int maxHead) {
        this.socket = socket;
        this.unread = unread;
        this.writer = writer;
        this.framing = new RequestFraming(maxHead);
        this.headersTimeout = headersTimeout;
        this.bodyTimeout = bodyTimeout;
        this.headersNanos = headersTimeout.toNanos();
        this.bodyNanos = bodyTimeout.toNanos();
        writer.onSwitch(this::switched);
    }

    /** The guard of the connection the current thread serves, or null (HTTP/2, or not a connection thread). */
    static WireGuard current() {
        return CURRENT.get();
    }

    /** Makes {@code guard} the {@link #current()} one of the calling thread; null clears it. */
    static void bind(@Nullable WireGuard guard) {
        if (guard == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(guard);
        }
    }

    /** The id the request filter gave the request being served, for answers the connection writes itself. */
    void requestId(String id) {
        this.requestId = id;
    }

    /** The request being served has been answered; {@code closeRequested} if the answer closes the connection. */
    void answered(boolean closeRequested) {
        if (closeRequested && phase != Phase.PASS) {
            closing = true;
            closed = !framing.done();
        }
    }

    @Override
    public byte @Nullable [] get() {
        if (closed) {
            return null;
        }
        try {
            return nextBytes();
        } catch (FramingException e) {
            throw refuse(e);
        }
    }

    private byte @Nullable [] nextBytes() {
        if (framing.done() && !nextRequest()) {
            return null;
        }
        if (phase == Phase.BODY && since == 0) {
            since = System.nanoTime();
        }
        byte[] out = framing.next();
        while (out == null) {
            byte[] in = read();
            if (in == null) {
                return endOfInput(null);
            }
            framing.feed(in);
            if (phase == Phase.IDLE) {
                enter(Phase.HEAD, System.nanoTime());
            }
            out = framing.next();
        }
        return delivered(out);
    }

    /** Moves on to the next request after the current one was handed on whole; false to close instead. */
    private boolean nextRequest() {
        if (closing) {
            closed = true;
            return false;
        }
        framing.nextRequest();
        requestId = null;
        enter(framing.pending() ? Phase.HEAD : Phase.IDLE, System.nanoTime());
        return true;
    }

    private byte[] delivered(byte[] out) {
        if (phase == Phase.HEAD) {
            writer.newRequest();
            closing = Objects.requireNonNull(framing.head()).close();
        }
        if (phase != Phase.PASS) {
            Phase next = framing.inBody() ? Phase.BODY : framing.done() ? Phase.IDLE : phase;
            if (next != phase) {
                enter(next, 0);
            }
        }
        return out;
    }

    private void enter(Phase next, long start) {
        since = start;
        phase = next;
    }

    private void switched() {
        framing.passThrough();
        enter(Phase.PASS, 0);
    }

    /** The next bytes from the client, or null at the end of its stream. */
    private byte @Nullable [] read() {
        if (unread != null) {
            byte[] first = unread.available() > 0 ? unread.readBytes(unread.available()) : null;
            unread = null;
            if (first != null) {
                return first;
            }
        }
        reading = true;
        try {
            return socket.get();
        } catch (RuntimeException e) {
            return endOfInput(e);
        } finally {
            reading = false;
        }
    }

    /** What the end of the client's stream, or a failed read ({@code failure}), means in the current phase. */
    private byte @Nullable [] endOfInput(@Nullable RuntimeException failure) {
        closed = true;
        if (expired) {
            throw phase == Phase.BODY
                    ? new RequestEndedException(408, timedOut())
                    : new CloseConnectionException(timedOut());
        }
        return switch (phase) {
            case HEAD ->
                throw new CloseConnectionException(
                        "the client closed the connection in the middle of " + "a request's head");
            case BODY -> throw RequestEndedException.clientClosed();
            default -> {
                if (failure != null) {
                    throw new ServerConnectionException("Failed to get data from socket", failure);
                }
                yield null;
            }
        };
    }

    /** Answers a request that cannot be framed and ends the connection. */
    private RuntimeException refuse(FramingException e) {
        closed = true;
        writer.answer(RawAnswer.problem(e.status(), e.getMessage(), framing.target(), id()));
        LOG.debug("refused a request from {}: {} {}", socket.remotePeer().host(), e.status(), e.getMessage());
        return phase == Phase.BODY
                ? new RequestEndedException(e.status(), e.getMessage())
                : new CloseConnectionException(e.getMessage());
    }

    /** Whether the client has kept the server waiting longer than the current phase allows. */
    boolean overdue(long now) {
        long start = since;
        if (!reading || expired || start == 0) {
            return false;
        }
        return switch (phase) {
            case HEAD -> now - start > headersNanos;
            case BODY -> now - start > bodyNanos;
            default -> false;
        };
    }

    /** Called by the watchdog on an {@link #overdue} connection: answers 408 if it still can, and closes. */
    void expire() {
        expired = true;
        boolean answered = writer.answer(RawAnswer.problem(408, timedOut(), framing.target(), id()));
        LOG.debug(
                "closed a connection from {}: {}{}",
                socket.remotePeer().host(),
                timedOut(),
                answered ? " (answered 408)" : "");
        try {
            socket.close();
        } catch (RuntimeException alreadyClosed) {
            LOG.trace("closing a timed-out connection failed", alreadyClosed);
        }
    }

    private String timedOut() {
        return phase == Phase.BODY
                ? "the request body did not arrive within " + Durations.format(bodyTimeout)
                        + " (server.requestBodyTimeout)"
                : "the request line and header fields did not arrive within " + Durations.format(headersTimeout)
                        + " (server.requestHeadersTimeout)";
    }

    private String id() {
        String id = requestId;
        return id != null ? id : RequestIds.generate();
    }
}
