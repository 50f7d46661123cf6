package dev.helix.realtime;

import dev.helix.internal.Errors;
import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.DataReader;
import io.helidon.common.concurrency.limits.Limit;
import io.helidon.common.concurrency.limits.LimitException;
import io.helidon.common.socket.SocketContext;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.websocket.WsCloseCodes;
import io.helidon.websocket.WsCloseException;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of one upgraded WebSocket connection: reads frames ({@link FrameReader}, which enforces the
 * protocol), hands them to the endpoint's {@link WsListener}, and is the listener's {@link WsSession} for sending
 * ({@link FrameWriter}). It takes the place of Helidon's own connection, which lets protocol errors and dropped
 * clients escape as exceptions that end in an HTTP 500 written into the upgraded socket.
 *
 * <p>Implementation notes. How a connection ends, and what the listener's {@code onClose} is told:
 * <ul>
 *   <li>the client closes: a close frame goes back (1000) unless one was sent; the listener gets the client's code
 *       (1005 when it sent none);</li>
 *   <li>the client breaks the protocol: a close frame with 1002, 1007 or 1009 and the reason, then the socket is
 *       closed; the listener gets the same code and reason;</li>
 *   <li>the connection drops (end of stream, reset, a failed write): nothing is sent; the listener gets 1006;</li>
 *   <li>Helix closed first ({@link #close(int, String)}) and the client does not answer within
 *       {@link #CLOSE_ANSWER_MILLIS}: the socket is closed; the listener gets the code Helix sent.</li>
 * </ul>
 * Only a failure of the listener itself is logged (a warning with its stack trace); it gets {@code onError} and the
 * client 1011. The listener is called on the reading thread only; the session may be used from any thread.
 */
final class WebSocketConnection implements ServerConnection, WsSession {
    /** How long a close frame Helix sent may wait for the client's before the socket is closed. */
    static final long CLOSE_ANSWER_MILLIS = 5_000;

    private static final Logger LOG = LoggerFactory.getLogger(WebSocketConnection.class);

    private final ConnectionContext ctx;
    private final WsListener listener;
    private final FrameReader frames;
    private final FrameWriter writer;
    private volatile @Nullable Thread reader;
    private volatile boolean finished;
    private volatile long lastHeard = System.nanoTime();

    WebSocketConnection(ConnectionContext ctx, WsListener listener, int maxFrameLength) {
        this.ctx = ctx;
        this.listener = listener;
        this.frames = new FrameReader(ctx.dataReader(), maxFrameLength);
        this.writer = new FrameWriter(ctx.dataWriter(), this::closeSocket);
    }

    @Override
    public void handle(Limit limit) {
        reader = Thread.currentThread();
        try {
            limit.run(() -> listener.onOpen(this));
            while (receive(limit)) {
                // until a close frame
            }
        } catch (WsCloseException e) {
            closeWith(e.closeCode(), Objects.requireNonNullElse(e.getMessage(), ""));
        } catch (LimitException e) {
            closeWith(WsCloseCodes.TRY_AGAIN_LATER, "too many concurrent requests; try again later");
        } catch (Exception e) {
            ended(e);
        } finally {
            writer.shut();
            finished = true;
        }
    }

    private boolean receive(Limit limit) throws Exception {
        ClientFrame frame = frames.next();
        lastHeard = System.nanoTime();
        return limit.call(() -> dispatch(frame)).result();
    }

    private boolean dispatch(ClientFrame frame) {
        switch (frame) {
            case ClientFrame.Text t -> listener.onMessage(this, t.text(), t.last());
            case ClientFrame.Binary b -> listener.onMessage(this, b.data(), b.last());
            case ClientFrame.Ping p -> listener.onPing(this, BufferData.create(p.payload()));
            case ClientFrame.Pong p -> listener.onPong(this, BufferData.create(p.payload()));
            case ClientFrame.Close c -> {
                quietly(() -> writer.close(WsCloseCodes.NORMAL_CLOSE, "normal"));
                closed(c.code(), c.reason());
                return false;
            }
        }
        return true;
    }

    /** The client broke the protocol (or may not be served now): say why, and end. */
    private void closeWith(int code, String reason) {
        quietly(() -> writer.close(code, reason));
        closed(code, reason);
    }

    /** Reading or the listener failed: a dropped connection, an unanswered close, or a failure of the listener. */
    private void ended(Exception e) {
        boolean gone = writer.failed()
                || e instanceof DataReader.InsufficientDataAvailableException
                || e instanceof CloseConnectionException
                || e instanceof UncheckedIOException;
        if (!gone) {
            LOG.warn("WebSocket connection {} closed with 1011: its endpoint failed", ctx.childSocketId(), e);
            quietly(() -> listener.onError(this, e));
            quietly(() -> writer.close(WsCloseCodes.UNEXPECTED_CONDITION, "internal error"));
        } else if (writer.closeSent() && !writer.failed()) {
            closed(writer.closeCode(), writer.closeReason());
        } else if (e instanceof DataReader.InsufficientDataAvailableException) {
            closed(WsCloseCodes.CLOSED_ABNORMALLY, "connection lost: the client closed it without a close frame");
        } else {
            closed(WsCloseCodes.CLOSED_ABNORMALLY, "connection lost: " + Errors.rootMessage(e));
        }
    }

    private void closed(int code, @Nullable String reason) {
        quietly(() -> listener.onClose(this, code, reason));
    }

    /** Runs {@code action}; a failure there is logged, never passed on (the connection is ending anyway). */
    private void quietly(Runnable action) {
        try {
            action.run();
        } catch (UncheckedIOException | CloseConnectionException e) {
            // the connection is gone: nothing to tell the client
        } catch (RuntimeException e) {
            LOG.warn("WebSocket {}: the endpoint failed while the connection ended", ctx.childSocketId(), e);
        }
    }

    @Override
    public WsSession send(String text, boolean last) {
        writer.data(FrameReader.TEXT, BufferData.create(text.getBytes(StandardCharsets.UTF_8)), last);
        return this;
    }

    @Override
    public WsSession send(BufferData bufferData, boolean last) {
        writer.data(FrameReader.BINARY, bufferData, last);
        return this;
    }

    @Override
    public WsSession ping(BufferData bufferData) {
        writer.control(FrameReader.PING, bufferData);
        return this;
    }

    @Override
    public WsSession pong(BufferData bufferData) {
        writer.control(FrameReader.PONG, bufferData);
        return this;
    }

    /** Sends the close frame (unless one was) and waits for the client's answer, at most CLOSE_ANSWER_MILLIS. */
    @Override
    public WsSession close(int code, String reason) {
        if (writer.close(code, reason)) {
            closeUnlessAnswered();
        }
        return this;
    }

    /** Sends a close frame if no other thread is sending, then closes the socket at once. Never throws. */
    @Override
    public WsSession terminate() {
        quietly(() -> writer.closeIfIdle(WsCloseCodes.NORMAL_CLOSE, "terminated"));
        closeSocket();
        return this;
    }

    @Override
    public SocketContext socketContext() {
        return ctx;
    }

    @Override
    public Duration idleTime() {
        return Duration.ofNanos(System.nanoTime() - lastHeard);
    }

    /** The server stops or finds the connection idle: a close frame (1001) now, the socket when interrupting. */
    @Override
    public void close(boolean interrupt) {
        try {
            if (writer.closeIfIdle(WsCloseCodes.GOING_AWAY, "the server is closing the connection")) {
                closeUnlessAnswered();
            }
        } catch (RuntimeException e) {
            // the connection is gone; the reading thread ends on its own
        }
        Thread thread = reader;
        if (interrupt && thread != null) {
            thread.interrupt();
        }
    }

    private void closeUnlessAnswered() {
        Thread.ofVirtual().name("websocket-close-" + ctx.childSocketId()).start(() -> {
            try {
                Thread.sleep(CLOSE_ANSWER_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            if (!finished) {
                closeSocket();
            }
        });
    }

    private void closeSocket() {
        try {
            ctx.serverSocket().close();
        } catch (RuntimeException e) {
            // already closed
        }
    }
}
