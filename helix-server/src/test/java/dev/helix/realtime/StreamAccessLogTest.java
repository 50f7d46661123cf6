package dev.helix.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.helix.testing.Await;
import dev.helix.testing.HelixClient;
import dev.helix.testing.HelixServerExtension;
import dev.helix.testing.WsClient;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * Streams in the access log: a WebSocket session and an SSE stream each get one line when they end, with their whole
 * duration, the messages sent (and received, for the WebSocket) and the bytes they really sent.
 */
@Timeout(60)
class StreamAccessLogTest {
    private static final Pattern WS_LINE = Pattern.compile("GET /api/v1/realtime\\?access_token=\\*{4} 101 "
            + "(\\d+\\.\\d{2})ms (\\d+)B caller=(\\S+) sent=(\\d+) received=(\\d+) receivedBytes=(\\d+)");
    private static final Pattern SSE_LINE = Pattern.compile(
            "GET /api/v1/events\\?topics=state 200 " + "(\\d+\\.\\d{2})ms (\\d+)B caller=(\\S+) sent=(\\d+)");
    /** What a heartbeat comment takes on the wire. */
    private static final int HEARTBEAT_BYTES = ":keep-alive\ndata:\n\n".length();

    @RegisterExtension
    static HelixServerExtension server = new HelixServerExtension()
            .config(c -> c.toBuilder()
                    .realtime(s -> s.heartbeat(Duration.ofMillis(300)))
                    .build());

    private final HelixClient client = server.client();
    private final Logger access = (Logger) LoggerFactory.getLogger("helix.access");
    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();

    @BeforeEach
    void capture() {
        captured.start();
        access.addAppender(captured);
    }

    @AfterEach
    void release() {
        access.detachAppender(captured);
    }

    @Test
    void aWebSocketSessionIsLoggedWhenItClosesWithWhatItSentAndReceived() {
        String subscribe = "{\"type\":\"subscribe\",\"topic\":\"state\",\"since\":null}";
        String ping = "{\"type\":\"ping\",\"note\":\"é\"}";
        long sent;
        long sentBytes;
        try (WsClient ws =
                WsClient.connect(client.base(), "/api/v1/realtime?access_token=" + client.adminKey(), null)) {
            ws.send(subscribe);
            ws.next("subscribed");
            ws.send(ping);
            ws.next("pong");
            change("{\"logged\":1}");
            ws.next("event");
            ws.closeAndWait();
            sent = ws.textMessages();
            sentBytes = ws.textBytes();
        }
        String admin = adminKeyId();
        Matcher line = awaitLine(WS_LINE, m -> m.group(3).equals(admin));
        assertThat(Long.parseLong(line.group(2))).as("bytes sent").isEqualTo(sentBytes);
        assertThat(Long.parseLong(line.group(4)))
                .as("messages sent")
                .isEqualTo(sent)
                .isEqualTo(4);
        assertThat(line.group(5)).as("messages received").isEqualTo("2");
        assertThat(Long.parseLong(line.group(6))).as("bytes received").isEqualTo(utf8(subscribe) + utf8(ping));
        assertThat(Double.parseDouble(line.group(1))).isPositive();
    }

    @Test
    void aWebSocketDroppedWithoutACloseFrameIsLoggedOnceTheServerNotices() {
        String key = client.createKey("dropper", "user");
        try (WsClient ws = WsClient.connect(client.base(), "/api/v1/realtime?access_token=" + key, null)) {
            ws.send("{\"type\":\"ping\"}");
            ws.next("pong");
            ws.abort();
        }
        // this key's own line: other servers' sessions (earlier test classes) may still be logged meanwhile
        String dropper = client.get("/api/v1/me", key).json().get("id").asText();
        Matcher line = awaitLine(WS_LINE, m -> m.group(3).equals(dropper));
        assertThat(line.group(4)).as("messages sent").isEqualTo("1");
        assertThat(line.group(5)).as("messages received").isEqualTo("1");
    }

    @Test
    void anSseStreamIsLoggedWhenItEndsWithTheBytesItSent() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(client.base() + "/api/v1/events?topics=state"))
                .header("Authorization", "Bearer " + client.adminKey())
                .build();
        long read;
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                ByteArrayOutputStream seen = new ByteArrayOutputStream();
                readEvent(in, seen, "subscribed");
                change("{\"sse\":1}");
                readEvent(in, seen, "state.changed");
                read = seen.size();
            }
        }
        String admin = adminKeyId();
        Matcher line = awaitLine(SSE_LINE, m -> m.group(3).equals(admin));
        long logged = Long.parseLong(line.group(2));
        assertThat(line.group(4))
                .as("events sent: snapshot, subscribed, state.changed")
                .isEqualTo("3");
        assertThat(logged).as("bytes sent, at least those read").isGreaterThanOrEqualTo(read);
        assertThat((logged - read) % HEARTBEAT_BYTES)
                .as("beyond those read, only heartbeats")
                .isZero();
    }

    /** Reads the stream byte by byte into {@code seen} up to the end of the event named {@code name}. */
    private static void readEvent(InputStream in, ByteArrayOutputStream seen, String name) throws Exception {
        String end = "event:" + name + "\n";
        int from = seen.size();
        while (true) {
            int b = in.read();
            assertThat(b).as("the stream is still open").isNotNegative();
            seen.write(b);
            String text = seen.toString(StandardCharsets.UTF_8);
            int at = text.indexOf(end, from);
            if (at >= 0 && text.endsWith("\n\n") && text.length() > at + end.length()) {
                return;
            }
        }
    }

    /** Waits for an access-log line that {@code pattern} matches and {@code wanted} accepts; fails listing them all. */
    private Matcher awaitLine(Pattern pattern, Predicate<Matcher> wanted) {
        List<String> lines = Await.until(
                Duration.ofSeconds(10),
                this::capturedLines,
                all -> all.stream().anyMatch(line -> accepts(pattern, wanted, line)));
        return lines.stream()
                .map(pattern::matcher)
                .filter(m -> m.matches() && wanted.test(m))
                .findFirst()
                .orElseThrow();
    }

    private static boolean accepts(Pattern pattern, Predicate<Matcher> wanted, String line) {
        Matcher m = pattern.matcher(line);
        return m.matches() && wanted.test(m);
    }

    private List<String> capturedLines() {
        synchronized (captured) {
            return captured.list.stream()
                    .map(ILoggingEvent::getFormattedMessage)
                    .toList();
        }
    }

    private void change(String patch) {
        assertThat(client.send(
                                "PATCH",
                                "/api/v1/state",
                                client.adminKey(),
                                "application/merge-patch+json",
                                patch,
                                "If-Match",
                                "*")
                        .status())
                .isEqualTo(200);
    }

    private String adminKeyId() {
        return client.get("/api/v1/me").json().get("id").asText();
    }

    private static long utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
