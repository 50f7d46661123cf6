package dev.helix.http;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.socket.SocketContext;
import io.helidon.websocket.WsSession;
import java.util.Optional;

/**
 * A WebSocket session that counts what is sent through it into a {@link StreamTally} (a message when its last
 * fragment is sent; control frames as bytes only) and says when the session ends: closed, terminated or failed.
 */
final class CountingWsSession implements WsSession {
    private final WsSession session;
    private final StreamTally tally;
    private final Runnable ended;

    CountingWsSession(WsSession session, StreamTally tally, Runnable ended) {
        this.session = session;
        this.tally = tally;
        this.ended = ended;
    }

    @Override
    public WsSession send(String text, boolean last) {
        long bytes = StreamTally.utf8Length(text);
        write(() -> session.send(text, last));
        tally.sent(bytes, last ? 1 : 0);
        return this;
    }

    @Override
    public WsSession send(BufferData bufferData, boolean last) {
        long bytes = bufferData.available();
        write(() -> session.send(bufferData, last));
        tally.sent(bytes, last ? 1 : 0);
        return this;
    }

    @Override
    public WsSession ping(BufferData bufferData) {
        long bytes = bufferData.available();
        write(() -> session.ping(bufferData));
        tally.sent(bytes, 0);
        return this;
    }

    @Override
    public WsSession pong(BufferData bufferData) {
        long bytes = bufferData.available();
        write(() -> session.pong(bufferData));
        tally.sent(bytes, 0);
        return this;
    }

    @Override
    public WsSession close(int code, String reason) {
        try {
            session.close(code, reason);
        } finally {
            ended.run();
        }
        return this;
    }

    @Override
    public WsSession terminate() {
        ended.run();
        session.terminate();
        return this;
    }

    @Override
    public Optional<String> subProtocol() {
        return session.subProtocol();
    }

    @Override
    public SocketContext socketContext() {
        return session.socketContext();
    }

    /** Runs a write; a failed one ends the session (the client is gone). */
    private void write(Runnable write) {
        try {
            write.run();
        } catch (RuntimeException e) {
            ended.run();
            throw e;
        }
    }
}
