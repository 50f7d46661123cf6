package dev.helix.http;

import io.helidon.common.buffers.BufferData;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;
import io.helidon.websocket.WsUpgradeException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * Wraps a WebSocket endpoint's listener to write the session's access-log line when it ends: from the upgrade to the
 * close, with the messages and bytes sent (counted by {@link CountingWsSession}) and received.
 *
 * <p>Implementation notes: Helidon tells the listener of a close frame ({@code onClose}) or a read failure
 * ({@code onError}), but not of a connection the client dropped without a close frame; the endpoint finds that out
 * when a write fails, and then terminates the session. So the session ends at the first of: {@code onClose},
 * {@code onError}, the endpoint closing or terminating the session, a write failing. The line is written once.
 */
final class LoggedWebSocket implements WsListener {
    private final WsEndpoint endpoint;
    private final AccessLog accessLog;
    private final StreamTally tally = new StreamTally();
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile long start = System.nanoTime();
    private volatile String path = "-";
    private volatile @Nullable String rawQuery;
    private volatile @Nullable WsSession counted;

    LoggedWebSocket(WsEndpoint endpoint, AccessLog accessLog) {
        this.endpoint = endpoint;
        this.accessLog = accessLog;
    }

    @Override
    public Optional<Headers> onHttpUpgrade(HttpPrologue prologue, Headers headers) throws WsUpgradeException {
        start = System.nanoTime();
        path = prologue.uriPath().rawPath();
        rawQuery = prologue.query().rawValue();
        return endpoint.onHttpUpgrade(prologue, headers);
    }

    @Override
    public void onOpen(WsSession session) {
        endpoint.onOpen(counted(session));
    }

    @Override
    public void onMessage(WsSession session, String text, boolean last) {
        tally.received(StreamTally.utf8Length(text), last ? 1 : 0);
        endpoint.onMessage(counted(session), text, last);
    }

    @Override
    public void onMessage(WsSession session, BufferData buffer, boolean last) {
        tally.received(buffer.available(), last ? 1 : 0);
        endpoint.onMessage(counted(session), buffer, last);
    }

    @Override
    public void onPing(WsSession session, BufferData buffer) {
        endpoint.onPing(counted(session), buffer);
    }

    @Override
    public void onPong(WsSession session, BufferData buffer) {
        endpoint.onPong(counted(session), buffer);
    }

    @Override
    public void onClose(WsSession session, int status, String reason) {
        try {
            endpoint.onClose(counted(session), status, reason);
        } finally {
            ended();
        }
    }

    @Override
    public void onError(WsSession session, Throwable t) {
        try {
            endpoint.onError(counted(session), t);
        } finally {
            ended();
        }
    }

    private WsSession counted(WsSession session) {
        WsSession c = counted;
        if (c == null) {
            c = new CountingWsSession(session, tally, this::ended);
            counted = c;
        }
        return c;
    }

    /** Writes the line, once. */
    private void ended() {
        if (ended.compareAndSet(false, true)) {
            accessLog.stream("GET", path, rawQuery, 101, System.nanoTime() - start, endpoint.caller(), tally, true);
        }
    }
}
