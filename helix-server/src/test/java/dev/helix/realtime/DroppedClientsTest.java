package dev.helix.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.helix.testing.Await;
import dev.helix.testing.HelixClient;
import dev.helix.testing.HelixServerExtension;
import dev.helix.testing.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * WebSocket clients that vanish (a TCP reset) while Helix is sending to them are a fact of life, not an error: each
 * leaves one DEBUG line, no warning, no stack trace and no uncaught exception, and the server carries on.
 */
@Timeout(120)
class DroppedClientsTest {
    private static final int CLIENTS = 100;

    @RegisterExtension
    static HelixServerExtension server = new HelixServerExtension();

    private final HelixClient client = server.client();

    @Test
    void clientsResetWhileTheServerSendsLeaveOneDebugLineEachAndNoErrors() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Logger socketLog = (Logger) LoggerFactory.getLogger(RealtimeSocket.class);
        Level socketLevel = socketLog.getLevel();
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        Queue<Throwable> uncaught = new ConcurrentLinkedQueue<>();
        Thread.UncaughtExceptionHandler handler = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> uncaught.add(e));
        root.addAppender(captured);
        socketLog.setLevel(Level.DEBUG);
        try {
            dropClientsWhileTheServerSends();
        } finally {
            root.detachAppender(captured);
            socketLog.setLevel(socketLevel);
            Thread.setDefaultUncaughtExceptionHandler(handler);
        }
        assertThat(uncaught).isEmpty();
        assertThat(captured.list)
                .noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.WARN)
                        && (e.getThrowableProxy() != null
                                || e.getLoggerName().startsWith("io.helidon")
                                || e.getLoggerName().startsWith("dev.helix.realtime")));
        assertThat(captured.list.stream()
                        .filter(e -> e.getLoggerName().equals(RealtimeSocket.class.getName())
                                && e.getLevel() == Level.DEBUG
                                && e.getFormattedMessage().contains(" ended: ")))
                .hasSize(CLIENTS);
        try (WsClient healthy = WsClient.connect(client.base(), "/api/v1/realtime", client.adminKey())) {
            healthy.send("{\"type\":\"ping\"}");
            assertThat(healthy.next().get("type").asText()).isEqualTo("pong");
        }
    }

    private void dropClientsWhileTheServerSends() throws Exception {
        int before = connections();
        List<RawWebSocket> sockets = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            RawWebSocket ws = RawWebSocket.open(client.base(), "/api/v1/realtime", client.adminKey());
            ws.sendText("{\"type\":\"subscribe\",\"topic\":\"state\"}");
            sockets.add(ws);
        }
        AtomicBoolean writing = new AtomicBoolean(true);
        Thread writer = Thread.ofVirtual().start(() -> {
            for (int i = 0; writing.get(); i++) {
                change("{\"drop\":\"" + i + "x".repeat(8 * 1024) + "\"}");
                LockSupport.parkNanos(5_000_000);
            }
        });
        for (RawWebSocket ws : sockets) {
            while (!ws.next(RawWebSocket.TEXT).text().startsWith("{\"type\":\"event\"")) {
                // the snapshot and the subscription's confirmation come first
            }
        }
        sockets.forEach(RawWebSocket::reset);
        assertThat(awaitConnections(before)).isEqualTo(before);
        writing.set(false);
        writer.join();
    }

    private void change(String patch) {
        client.send(
                "PATCH", "/api/v1/state", client.adminKey(), "application/merge-patch+json", patch, "If-Match", "*");
    }

    private int connections() {
        return client.get("/status")
                .json()
                .get("collective")
                .get("realtimeConnections")
                .asInt();
    }

    private int awaitConnections(int expected) {
        return Await.until(Duration.ofSeconds(30), this::connections, n -> n == expected);
    }
}
