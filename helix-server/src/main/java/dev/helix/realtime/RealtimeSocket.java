package dev.helix.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.access.Principal;
import dev.helix.http.Authenticator;
import dev.helix.http.EndUser;
import dev.helix.http.ProblemException;
import dev.helix.http.WsEndpoint;
import dev.helix.internal.Json;
import io.helidon.common.buffers.BufferData;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.webserver.ConnectionContext;
import io.helidon.websocket.WsCloseCodes;
import io.helidon.websocket.WsSession;
import io.helidon.websocket.WsUpgradeException;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket client of {@code /api/v1/realtime}. The key is checked at the upgrade (a refused upgrade falls
 * through to the HTTP route, which answers 401); then the client sends {@code subscribe}, {@code unsubscribe} and
 * {@code ping} messages and receives events. Everything sent to the client goes through the connection's queue and
 * leaves on its own virtual thread, which also sends heartbeat pings and closes clients that stopped answering.
 */
final class RealtimeSocket implements WsEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(RealtimeSocket.class);
    static final int UNSUPPORTED_DATA = 1003;
    static final int TOO_BIG = 1009;

    private final RealtimeHub hub;
    private final Authenticator keys;
    private final BooleanSupplier ready;
    private final long heartbeatMillis;
    private final int maxPending;
    private final long maxMessage;
    private final StringBuilder partial = new StringBuilder();
    private volatile @Nullable Principal principal;
    private volatile @Nullable String user;
    private @Nullable Connection connection;
    private final ReentrantLock sessionLock = new ReentrantLock();
    private final AtomicBoolean endLogged = new AtomicBoolean();
    private volatile long lastHeard = System.nanoTime();
    private long lastPing = System.nanoTime();
    private boolean pingOutstanding;

    RealtimeSocket(
            RealtimeHub hub,
            Authenticator keys,
            BooleanSupplier ready,
            long heartbeatMillis,
            int maxPending,
            long maxMessage) {
        this.hub = hub;
        this.keys = keys;
        this.ready = ready;
        this.heartbeatMillis = heartbeatMillis;
        this.maxPending = maxPending;
        this.maxMessage = maxMessage;
    }

    @Override
    public Optional<Headers> onHttpUpgrade(HttpPrologue prologue, Headers headers) throws WsUpgradeException {
        if (!ready.getAsBoolean()) {
            throw new WsUpgradeException("not ready");
        }
        String authorization = headers.first(HeaderNames.AUTHORIZATION).orElse(null);
        String token = prologue.query().first("access_token").orElse(null);
        principal = Credentials.authenticate(keys, authorization, token)
                .orElseThrow(() -> new WsUpgradeException("no valid API key"));
        try {
            user = EndUser.of(
                            headers.first(EndUser.HEADER).orElse(null),
                            prologue.query().first(EndUser.PARAMETER).orElse(null))
                    .orElse(null);
        } catch (ProblemException e) {
            throw new WsUpgradeException(e.getMessage());
        }
        return Optional.empty();
    }

    @Override
    public String caller() {
        Principal p = principal;
        return p == null ? "-" : p.keyId();
    }

    @Override
    public void onOpen(WsSession session) {
        connection = new Connection(
                session.socketContext().childSocketId(),
                new Subscriber(Objects.requireNonNull(principal), user),
                maxPending) {};
        connection.onForceClose(() -> closeSocket(session));
        hub.register(connection);
        Thread.ofVirtual().name("realtime-ws-" + connection.id()).start(() -> sendLoop(session));
    }

    @Override
    public void onMessage(WsSession session, String text, boolean last) {
        heard();
        if (partial.length() + text.length() > maxMessage) {
            partial.setLength(0);
            open().closeAs(TOO_BIG, "message larger than " + maxMessage + " bytes (realtime.maxMessageSize)");
            return;
        }
        partial.append(text);
        if (last) {
            String message = partial.toString();
            partial.setLength(0);
            handle(message);
        }
    }

    @Override
    public void onMessage(WsSession session, BufferData buffer, boolean last) {
        heard();
        open().closeAs(UNSUPPORTED_DATA, "binary messages are not supported; send JSON text");
    }

    @Override
    public void onPong(WsSession session, BufferData buffer) {
        heard();
    }

    @Override
    public void onPing(WsSession session, BufferData buffer) {
        heard();
        sessionLock.lock();
        try {
            session.pong(buffer);
        } finally {
            sessionLock.unlock();
        }
    }

    @Override
    public void onClose(WsSession session, int status, String reason) {
        if (status != WsCloseCodes.NORMAL_CLOSE
                && status != WsCloseCodes.GOING_AWAY
                && status != WsCloseCodes.NO_STATUS_CODE) {
            ended(status + " " + reason);
        }
        end();
    }

    @Override
    public void onError(WsSession session, Throwable t) {
        ended("failed: " + t);
        end();
    }

    /** Logs, once, why the client went: it dropped, broke the protocol, or could not be written to. */
    private void ended(String why) {
        if (endLogged.compareAndSet(false, true)) {
            LOG.debug("real-time client {} ended: {}", connection == null ? "-" : connection.id(), why);
        }
    }

    private void end() {
        if (connection != null) {
            hub.disconnect(connection);
            connection.closeAs(RealtimeHub.GOING_AWAY, "closed");
        }
    }

    private void heard() {
        lastHeard = System.nanoTime();
    }

    private void handle(String text) {
        JsonNode msg;
        try {
            msg = Json.mapper().readTree(text);
        } catch (IOException e) {
            open().offer(ClientRequests.invalidJson(e));
            return;
        }
        ClientRequests.handle(hub, open(), msg);
    }

    private void sendLoop(WsSession session) {
        boolean failed = false;
        try {
            while (sendNext(session)) {
                // until closed
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failed = true;
            ended("could not be written to: " + e);
        } finally {
            Connection c = open();
            c.ended();
            hub.disconnect(c);
            if (failed) {
                session.terminate();
            }
        }
    }

    /**
     * Sends what is queued, and a ping whenever one heartbeat has passed since the last, busy or not; closes a client
     * that has not been heard from for a heartbeat after a ping. Returns false once the socket is closed.
     */
    private boolean sendNext(WsSession session) throws InterruptedException {
        long sincePing = millisSince(lastPing);
        Outgoing next = open().next(Math.max(1, heartbeatMillis - sincePing));
        sessionLock.lock();
        try {
            if (next instanceof Outgoing.Close close) {
                session.close(close.code(), close.reason());
                return false;
            }
            if (next instanceof Outgoing.Message m) {
                session.send(m.json(), true);
                hub.delivered(m);
            }
            return heartbeat(session);
        } finally {
            sessionLock.unlock();
        }
    }

    private boolean heartbeat(WsSession session) {
        if (millisSince(lastPing) < heartbeatMillis) {
            return true;
        }
        if (pingOutstanding && lastHeard - lastPing < 0) {
            session.close(RealtimeHub.GOING_AWAY, "no answer to a ping within " + heartbeatMillis + " ms");
            return false;
        }
        session.ping(BufferData.empty());
        lastPing = System.nanoTime();
        pingOutstanding = true;
        return true;
    }

    /**
     * Closes the TCP connection under {@code session} without a close frame: the way out for a sender blocked
     * writing to a client that stopped reading (a close frame would block behind it).
     */
    private void closeSocket(WsSession session) {
        try {
            if (session.socketContext() instanceof ConnectionContext context) {
                context.serverSocket().close();
                LOG.debug("real-time client {} stopped reading; its connection was closed", open().id());
            }
        } catch (RuntimeException e) {
            LOG.debug("could not close the connection of real-time client {}: {}", open().id(), e.toString());
        }
    }

    private static long millisSince(long nanoTime) {
        return (System.nanoTime() - nanoTime) / 1_000_000;
    }

    /** The connection, which exists from the socket's open on. */
    private Connection open() {
        return Objects.requireNonNull(connection, "the socket is not open");
    }
}
