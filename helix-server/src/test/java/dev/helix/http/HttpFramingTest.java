package dev.helix.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helix.http.RawConnection.Response;
import dev.helix.testing.HelixServerExtension;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * How requests are framed on HTTP/1.1 (RFC 9112), sent byte for byte over a socket: chunk extensions and trailers
 * are read, anything that could make two parsers disagree on where a body ends is answered 400 and the connection
 * closed, and {@code Connection: close} closes the connection right after the answer.
 */
@Timeout(30)
class HttpFramingTest {
    @RegisterExtension
    static HelixServerExtension server = new HelixServerExtension();

    private static final Duration SOON = Duration.ofSeconds(2);
    private static final String PING = "{\"text\":\"!ping\"}";

    private RawConnection connect() {
        return RawConnection.open(server.helix().port());
    }

    private static String post(String path, String framing) {
        return "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + server.adminKey()
                + "\r\nContent-Type: application/json\r\n" + framing + "\r\n";
    }

    private static String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + server.adminKey()
                + "\r\n\r\n";
    }

    private static void assertRefused(Response r, int status, String detailPart) {
        assertThat(r.status()).isEqualTo(status);
        assertThat(r.header("Connection")).isEqualTo("close");
        assertThat(r.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(r.json().get("status").asInt()).isEqualTo(status);
        assertThat(r.json().get("detail").asText()).contains(detailPart);
        assertThat(r.json().get("instance").asText()).isEqualTo(r.header("X-Request-Id"));
    }

    @Test
    void aChunkExtensionIsReadAndIgnored() {
        try (RawConnection c = connect()) {
            Response r = c.send(post("/api/v1/commands", "Transfer-Encoding: chunked\r\n") + "10;foo=bar\r\n" + PING
                            + "\r\n0\r\n\r\n")
                    .read();

            assertThat(r.status()).isEqualTo(200);
            assertThat(r.json().get("result").get("reply").asText()).isEqualTo("pong");
            assertThat(c.send(get("/health/live")).read().status())
                    .as("the connection is still usable")
                    .isEqualTo(200);
        }
    }

    @Test
    void extensionsOnEveryChunkTrailerFieldsAndUpperCaseChunkedAreRead() {
        try (RawConnection c = connect()) {
            String body = "a ; name=\"quoted;value\"\r\n{\"text\":\"!\r\n6;x\r\nping\"}\r\n0;last\r\n"
                    + "X-Checksum: abc\r\n\r\n";
            Response r = c.send(post("/api/v1/commands", "Transfer-Encoding: Chunked\r\n") + body)
                    .read();

            assertThat(r.status()).isEqualTo(200);
            assertThat(r.json().get("command").asText()).isEqualTo("ping");
        }
    }

    @Test
    void invalidChunkSizesAre400AndCloseTheConnection() {
        for (String size : new String[] {"zz", "ffffffffffffffff", "-1", " 10", "80000000"}) {
            try (RawConnection c = connect()) {
                Response r = c.send(post("/api/v1/commands", "Transfer-Encoding: chunked\r\n") + size + "\r\n" + PING
                                + "\r\n0\r\n\r\n")
                        .read();

                assertRefused(r, 400, "chunk size '" + size + "'");
                assertThat(r.json().get("type").asText()).isEqualTo("urn:helix:problem:invalid-framing");
                assertThat(c.closedWithin(SOON))
                        .as("closed after a bad chunk size %s", size)
                        .isTrue();
            }
        }
    }

    @Test
    void aChunkLongerThanItsSizeIs400() {
        try (RawConnection c = connect()) {
            Response r = c.send(post("/api/v1/commands", "Transfer-Encoding: chunked\r\n") + "8\r\n" + PING
                            + "\r\n0\r\n\r\n")
                    .read();

            assertRefused(r, 400, "a chunk is longer than its size line says");
            assertThat(c.closedWithin(SOON)).isTrue();
        }
    }

    @Test
    void twoContentLengthsAre400AndNothingAfterThemIsAnswered() {
        try (RawConnection c = connect()) {
            c.send(post("/api/v1/commands", "Content-Length: 16\r\nContent-Length: 17\r\n") + PING + " "
                    + get("/api/v1/keys"));

            assertRefused(c.read(), 400, "Content-Length is given more than once");
            assertThat(c.readToEnd(SOON))
                    .as("the pipelined request is not answered")
                    .isEmpty();
        }
    }

    @Test
    void transferEncodingWithContentLengthIs400AndNothingAfterItIsAnswered() {
        try (RawConnection c = connect()) {
            c.send(post("/api/v1/commands", "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n") + "10\r\n" + PING
                    + "\r\n0\r\n\r\n" + get("/api/v1/keys"));

            assertRefused(c.read(), 400, "both Transfer-Encoding and Content-Length");
            assertThat(c.readToEnd(SOON))
                    .as("the pipelined request is not answered")
                    .isEmpty();
        }
    }

    @Test
    void aNegativeContentLengthIs400AtOnce() {
        try (RawConnection c = connect()) {
            Response r =
                    c.send(post("/api/v1/commands", "Content-Length: -1\r\n")).read();

            assertRefused(r, 400, "Content-Length must be a whole number of bytes, got '-1'");
            assertThat(c.closedWithin(SOON)).isTrue();
        }
    }

    @Test
    void transferCodingsOtherThanChunkedAre501Or400() {
        try (RawConnection c = connect()) {
            assertRefused(
                    c.send(post("/api/v1/commands", "Transfer-Encoding: gzip, chunked\r\n"))
                            .read(),
                    501,
                    "'gzip, chunked' is not supported");
        }
        try (RawConnection c = connect()) {
            assertRefused(
                    c.send(post("/api/v1/commands", "Transfer-Encoding: chunked, gzip\r\n"))
                            .read(),
                    400,
                    "Transfer-Encoding must be chunked");
        }
    }

    @Test
    void whitespaceBeforeAColonAndFoldedLinesAre400() {
        try (RawConnection c = connect()) {
            assertRefused(
                    c.send(post("/api/v1/commands", "Content-Length : 16\r\n") + PING)
                            .read(),
                    400,
                    "whitespace before ':'");
        }
        try (RawConnection c = connect()) {
            assertRefused(
                    c.send(post("/api/v1/commands", "X-Note: a\r\n b\r\nContent-Length: 16\r\n") + PING)
                            .read(),
                    400,
                    "may not be folded");
        }
    }

    @Test
    void theGatewayGetsFramingErrorsInTheOpenAiShape() {
        try (RawConnection c = connect()) {
            Response r = c.send(post("/v1/chat/completions", "Content-Length: 2\r\nContent-Length: 3\r\n"))
                    .read();

            assertThat(r.status()).isEqualTo(400);
            assertThat(r.header("Content-Type")).isEqualTo("application/json");
            assertThat(r.json().get("error").get("code").asText()).isEqualTo("invalid_framing");
            assertThat(r.json().get("error").get("message").asText())
                    .contains("Content-Length is given more than once");
        }
    }

    @Test
    void headersLargerThanTheLimitAre431() {
        try (RawConnection c = connect()) {
            Response r = c.send(post("/api/v1/commands", "X-Big: " + "x".repeat(30_000) + "\r\n"))
                    .read();

            assertRefused(r, 431, "larger than");
        }
    }

    @Test
    void connectionCloseClosesTheConnectionRightAfterTheAnswer() {
        try (RawConnection c = connect()) {
            Response r = c.send("GET /health/live HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .read();

            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("Connection")).isEqualTo("close");
            assertThat(c.closedWithin(SOON)).isTrue();
        }
        try (RawConnection c = connect()) {
            Response r = c.send(post("/api/v1/commands", "Connection: Close\r\nContent-Length: 16\r\n")
                            + PING
                            + get("/api/v1/keys"))
                    .read();

            assertThat(r.status()).isEqualTo(200);
            assertThat(c.readToEnd(SOON))
                    .as("nothing after the answer, then closed")
                    .isEmpty();
        }
    }

    @Test
    void anAnswerThatClosesTheConnectionEndsItEvenWithTheBodyUnread() {
        try (RawConnection c = connect()) {
            Response r = c.send("POST /api/v1/keys HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                            + "Content-Type: application/json\r\nContent-Length: 16\r\n\r\n" + PING)
                    .read();

            assertThat(r.status())
                    .as("no key: answered before the body is read")
                    .isEqualTo(401);
            assertThat(c.readToEnd(SOON))
                    .as("the unread body is not taken for a request")
                    .isEmpty();
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrderOnOneConnection() {
        try (RawConnection c = connect()) {
            c.send(post("/api/v1/commands", "Content-Length: 16\r\n") + PING
                    + post("/api/v1/commands", "Transfer-Encoding: chunked\r\n") + "10\r\n" + PING + "\r\n0\r\n\r\n"
                    + "\r\n" + get("/health/live"));

            assertThat(c.read().status()).isEqualTo(200);
            assertThat(c.read().json().get("command").asText()).isEqualTo("ping");
            assertThat(c.read().body()).isEqualTo("{\"status\":\"UP\"}");
            assertThat(c.closedWithin(Duration.ofMillis(300)))
                    .as("keep-alive: the connection stays")
                    .isFalse();
        }
    }
}
