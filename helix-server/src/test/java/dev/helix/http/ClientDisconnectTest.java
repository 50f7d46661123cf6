package dev.helix.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.testing.Await;
import dev.helix.testing.HelixServerExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * A client that goes away in the middle of a request body is the client's doing: the request is logged and
 * measured as 499, never as a 500, an ERROR or a stack trace, and the tuning advice does not count it.
 */
@Timeout(60)
class ClientDisconnectTest {
    /** More than the error-rate advice needs to judge a route ({@code RouteErrorRateRule.MIN_REQUESTS}). */
    private static final int DISCONNECTS = 60;

    @RegisterExtension
    static HelixServerExtension server = new HelixServerExtension();

    private static String head(String framing) {
        return "POST /api/v1/commands HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + server.adminKey()
                + "\r\nContent-Type: application/json\r\n" + framing + "\r\n";
    }

    /** Sends {@code raw} and closes the connection: with a reset when {@code abort}, else with a normal close. */
    private static void sendAndLeave(String raw, boolean abort) {
        try (Socket s =
                new Socket(InetAddress.getLoopbackAddress(), server.helix().port())) {
            s.getOutputStream().write(raw.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            Thread.sleep(5);
            if (abort) {
                s.setSoLinger(true, 0);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aBodyCutShortIsA499InTheLogAndMetricsAndNotAServerError() {
        ListAppender<ILoggingEvent> log = capture();
        try {
            for (int i = 0; i < DISCONNECTS; i++) {
                sendAndLeave(
                        switch (i % 3) {
                            case 0 -> head("Content-Length: 100\r\n") + "{\"text\":";
                            case 1 -> head("Transfer-Encoding: chunked\r\n") + "10\r\n{\"text\":";
                            default -> head("Content-Length: 100\r\n");
                        },
                        i % 2 == 0);
            }
            Await.until(() -> accessLines(log, "POST /api/v1/commands 499"), n -> n == DISCONNECTS);
        } finally {
            ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(log);
        }
        assertThat(accessLines(log, " 500 ")).isZero();
        assertThat(new ArrayList<>(log.list))
                .noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                .noneMatch(e -> e.getThrowableProxy() != null && e.getLevel().isGreaterOrEqual(Level.INFO));
        assertMetricsCountTheClient();
        assertTheAdviceIgnoresThem();
    }

    private static void assertMetricsCountTheClient() {
        List<String> commands = server.client()
                .get("/metrics", null)
                .body()
                .lines()
                .filter(l -> l.startsWith("http_server_requests_seconds_count") && l.contains("/api/v1/commands"))
                .toList();
        assertThat(commands).anySatisfy(l -> {
            assertThat(l).contains("status=\"499\"");
            assertThat(Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).isGreaterThanOrEqualTo(DISCONNECTS);
        });
        assertThat(commands).noneMatch(l -> l.contains("status=\"500\"") || l.contains("SERVER_ERROR"));
    }

    private static void assertTheAdviceIgnoresThem() {
        JsonNode summary = server.client().get("/api/v1/optimization/summary").json();
        for (JsonNode route : summary.get("routes")) {
            assertThat(route.get("windows").get("5m").path("serverErrors").asLong())
                    .as(route.toString())
                    .isZero();
        }
        JsonNode advice = server.client()
                .get("/api/v1/optimization/recommendations")
                .json()
                .get("recommendations");
        for (JsonNode r : advice) {
            assertThat(r.get("id").asText()).doesNotStartWith("route-errors").doesNotStartWith("route-latency");
        }
    }

    @Test
    void theConnectionsOfOtherClientsAreUnaffected() {
        sendAndLeave(head("Content-Length: 100\r\n") + "{", false);
        try (RawConnection c = RawConnection.open(server.helix().port())) {
            assertThat(c.send(head("Content-Length: 16\r\n") + "{\"text\":\"!ping\"}")
                            .read()
                            .status())
                    .isEqualTo(200);
        }
    }

    private static ListAppender<ILoggingEvent> capture() {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(appender);
        return appender;
    }

    private static long accessLines(ListAppender<ILoggingEvent> log, String part) {
        return new ArrayList<>(log.list)
                .stream()
                        .filter(e -> e.getLoggerName().equals("helix.access")
                                && e.getFormattedMessage().contains(part))
                        .count();
    }
}
