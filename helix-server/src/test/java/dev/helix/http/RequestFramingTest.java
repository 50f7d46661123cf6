package dev.helix.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@link RequestFraming} hands on exactly one request at a time, however the bytes are split into reads. */
class RequestFramingTest {
    private static final String HEAD = "POST /x HTTP/1.1\r\nHost: h\r\n";

    /** Feeds {@code input} in pieces of {@code step} bytes; what was handed on for the first request. */
    private static String firstRequest(RequestFraming framing, String input, int step) {
        byte[] bytes = input.getBytes(StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < bytes.length && !framing.done(); i += step) {
            byte[] piece = java.util.Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + step));
            framing.feed(piece);
            for (byte[] next = framing.next(); next != null; next = framing.next()) {
                out.writeBytes(next);
            }
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void aContentLengthBodyEndsWhereItsLengthSaysInEveryChunking() {
        String request = HEAD + "Content-Length: 5\r\n\r\nhello";
        for (int step = 1; step <= request.length() + 20; step++) {
            RequestFraming framing = new RequestFraming(8192);
            assertThat(firstRequest(framing, request + "GET / HTTP/1.1\r\n\r\n", step))
                    .isEqualTo(request);
            assertThat(framing.done()).isTrue();
        }
    }

    @Test
    void chunkedBodiesAreHandedOnWithoutExtensionsLeadingZerosOrTrailers() {
        String sent = HEAD + "Transfer-Encoding: chunked\r\n\r\n"
                + "0005;a=\"b;c\"\r\nhello\r\n00a \t;x\r\n0123456789\r\n0;end\r\nT: 1\r\nU: 2\r\n\r\n";
        String expected = HEAD + "Transfer-Encoding: chunked\r\n\r\n" + "5\r\nhello\r\na\r\n0123456789\r\n0\r\n\r\n";
        for (int step = 1; step <= sent.length(); step++) {
            RequestFraming framing = new RequestFraming(8192);
            assertThat(firstRequest(framing, sent + "GET", step))
                    .as("in pieces of %d", step)
                    .isEqualTo(expected);
            assertThat(framing.done()).isTrue();
        }
    }

    @Test
    void theNextRequestStartsAfterTheLastOneAndSkipsEmptyLines() {
        RequestFraming framing = new RequestFraming(8192);
        framing.feed((HEAD + "\r\n\r\n\r\nGET /next HTTP/1.1\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        assertThat(new String(framing.next(), StandardCharsets.ISO_8859_1)).isEqualTo(HEAD + "\r\n");
        assertThat(framing.done()).isTrue();
        assertThat(framing.pending()).isTrue();
        framing.nextRequest();

        assertThat(new String(framing.next(), StandardCharsets.ISO_8859_1)).isEqualTo("GET /next HTTP/1.1\r\n\r\n");
        assertThat(framing.target()).isEqualTo("/next");
    }

    @Test
    void chunkedAndCloseAreLowerCasedForTheParserBehind() {
        RequestFraming framing = new RequestFraming(8192);
        String out = firstRequest(
                framing, HEAD + "Transfer-Encoding: CHUNKED\r\nConnection: Close\r\n\r\n" + "0\r\n\r\n", 64);

        assertThat(out).contains("Transfer-Encoding: chunked\r\n").contains("Connection: close\r\n");
        assertThat(framing.head().close()).isTrue();
    }

    @Test
    void bareLineBreaksAreRefused() {
        assertThatThrownBy(() -> firstRequest(new RequestFraming(8192), "GET / HTTP/1.1\nHost: h\r\n\r\n", 3))
                .isInstanceOf(FramingException.class)
                .hasMessageContaining("bare CR or LF");
        assertThatThrownBy(() -> firstRequest(
                        new RequestFraming(8192), HEAD + "Transfer-Encoding: chunked\r\n\r\n" + "5\rhello", 3))
                .isInstanceOf(FramingException.class)
                .hasMessageContaining("bare CR or LF");
    }

    @Test
    void aHeadOverTheLimitIsRefusedBeforeItEnds() {
        RequestFraming framing = new RequestFraming(64);
        assertThatThrownBy(() -> firstRequest(framing, HEAD + "X: " + "y".repeat(100), 10))
                .isInstanceOf(FramingException.class)
                .satisfies(e -> assertThat(((FramingException) e).status()).isEqualTo(431));
    }

    @Test
    void afterAProtocolSwitchEverythingPassesUnchanged() {
        RequestFraming framing = new RequestFraming(8192);
        firstRequest(framing, "GET /ws HTTP/1.1\r\nUpgrade: websocket\r\n\r\n", 100);
        framing.passThrough();
        framing.feed(new byte[] {(byte) 0x81, 0x05, 'h', 'e', 'l', 'l', 'o', '\n', '\r'});

        assertThat(framing.next()).hasSize(9);
        assertThat(framing.next()).isNull();
    }
}
