package dev.helix.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helix.http.RawConnection.Response;
import dev.helix.testing.HelixServerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Requests whose head or body does not arrive within {@code server.requestHeadersTimeout} /
 * {@code server.requestBodyTimeout} are answered 408 and their connections closed, while other clients are served;
 * slow but timely clients and idle keep-alive connections are left alone.
 */
@Timeout(60)
class SlowClientsTest {
    private static final Duration BOUND = Duration.ofMillis(800);

    @RegisterExtension
    static HelixServerExtension server = new HelixServerExtension()
            .config(c -> c.toBuilder()
                    .server(s -> s.requestHeadersTimeout(BOUND).requestBodyTimeout(BOUND))
                    .build());

    private static final String PING = "{\"text\":\"!ping\"}";

    private static RawConnection connect() {
        return RawConnection.open(server.helix().port());
    }

    private static String head(String framing) {
        return "POST /api/v1/commands HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + server.adminKey()
                + "\r\nContent-Type: application/json\r\n" + framing + "\r\n";
    }

    @Test
    void unfinishedHeadsAndBodiesAreAnswered408AndClosedWithinTheBoundWhileOthersAreServed() {
        long start = System.nanoTime();
        List<RawConnection> halfHeads = new ArrayList<>();
        List<RawConnection> missingBodies = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            halfHeads.add(connect().send("POST /api/v1/commands HTTP/1.1\r\nHost: localhost\r\nContent-Ty"));
            missingBodies.add(connect().send(head("Content-Length: 100\r\n") + "{\"text\""));
        }
        for (int i = 0; i < 10; i++) {
            assertThat(server.client().postJson("/api/v1/commands", PING).status())
                    .isEqualTo(200);
        }
        for (RawConnection c : halfHeads) {
            assertTimedOut(c, "server.requestHeadersTimeout");
        }
        for (RawConnection c : missingBodies) {
            assertTimedOut(c, "server.requestBodyTimeout");
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took)
                .as("all closed within the bound and the check interval")
                .isLessThan(BOUND.multipliedBy(3))
                .isGreaterThanOrEqualTo(BOUND);
    }

    private static void assertTimedOut(RawConnection c, String key) {
        try (c) {
            Response r = c.read();
            assertThat(r.status()).isEqualTo(408);
            assertThat(r.header("Connection")).isEqualTo("close");
            assertThat(r.json().get("type").asText()).isEqualTo("urn:helix:problem:request-timeout");
            assertThat(r.json().get("detail").asText()).contains("did not arrive within 800ms (" + key + ")");
            assertThat(c.closedWithin(Duration.ofSeconds(2))).isTrue();
        }
    }

    @Test
    void aHeadThatNeverEndsTimesOutEvenIfItKeepsSendingBytes() throws InterruptedException {
        try (RawConnection c = connect().send("GET /health/live HTTP/1.1\r\nHost: localhost\r\n")) {
            long start = System.nanoTime();
            Thread drip = Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 50; i++) {
                    try {
                        c.send("X-Drip-" + i + ": 1\r\n");
                        Thread.sleep(50);
                    } catch (RuntimeException | InterruptedException closed) {
                        return;
                    }
                }
            });
            assertTimedOut(c, "server.requestHeadersTimeout");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BOUND.multipliedBy(3));
            drip.join();
        }
    }

    @Test
    void slowButTimelyClientsAreServed() throws InterruptedException {
        try (RawConnection c = connect()) {
            String request = head("Content-Length: 16\r\n") + PING;
            int half = request.length() / 2;
            c.send(request.substring(0, half));
            Thread.sleep(BOUND.toMillis() / 2);
            c.send(request.substring(half));

            assertThat(c.read().status()).isEqualTo(200);
        }
    }

    @Test
    void anIdleKeepAliveConnectionOutlivesTheHeadersTimeout() throws InterruptedException {
        try (RawConnection c = connect()) {
            String get = "GET /health/live HTTP/1.1\r\nHost: localhost\r\n\r\n";
            assertThat(c.send(get).read().status()).isEqualTo(200);
            Thread.sleep(BOUND.multipliedBy(2).toMillis());

            assertThat(c.send(get).read().status()).isEqualTo(200);
        }
    }

    @Test
    void aBodyArrivingInPiecesWithinTheBoundIsServed() throws InterruptedException {
        try (RawConnection c = connect()) {
            c.send(head("Content-Length: 16\r\n"));
            Thread.sleep(BOUND.toMillis() / 2);
            c.send(PING.substring(0, 8));
            Thread.sleep(BOUND.toMillis() / 3);
            c.send(PING.substring(8));

            assertThat(c.read().status()).isEqualTo(200);
        }
    }
}
