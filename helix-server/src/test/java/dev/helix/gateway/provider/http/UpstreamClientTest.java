package dev.helix.gateway.provider.http;

import static dev.helix.gateway.provider.http.RawServer.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.helix.testing.Await;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class UpstreamClientTest {
    private static final byte[] BODY = "{\"model\":\"m\"}".getBytes(StandardCharsets.UTF_8);

    private static UpstreamClient client(RawServer server) {
        return new UpstreamClient(
                server.uri("/v1"),
                Map.of("Authorization", "Bearer sk-test"),
                Duration.ofSeconds(2),
                Duration.ofSeconds(2));
    }

    private static String post(UpstreamClient client, RawServer server) throws IOException {
        try (UpstreamResponse response = client.send("POST", server.uri("/v1/chat"), "application/json", BODY)) {
            return new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void sendsOneWellFormedRequestAndReusesTheConnection() throws IOException {
        try (RawServer server = new RawServer((request, out, socket) -> {
                    write(
                            out,
                            "HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: 11\r\n"
                                    + "X-Request-Id: abc\r\n\r\n{\"ok\":true}");
                    return true;
                });
                UpstreamClient client = client(server)) {
            try (UpstreamResponse response =
                    client.send("POST", server.uri("/v1/chat?x=1"), "application/json", BODY)) {
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.mediaType()).isEqualTo("application/json");
                assertThat(response.header("x-request-id")).contains("abc");
                assertThat(response.contentLength()).hasValue(11);
                assertThat(response.body().readAllBytes()).asString().isEqualTo("{\"ok\":true}");
            }
            assertThat(post(client, server)).isEqualTo("{\"ok\":true}");

            RawServer.Request first = server.requests().getFirst();
            assertThat(first.head())
                    .startsWith("POST /v1/chat?x=1 HTTP/1.1\r\n")
                    .contains(
                            "\r\nHost: 127.0.0.1:" + server.port() + "\r\n",
                            "\r\nContent-Length: " + BODY.length + "\r\n",
                            "\r\nContent-Type: application/json\r\n",
                            "\r\nAuthorization: Bearer sk-test\r\n");
            assertThat(first.body()).isEqualTo(BODY);
            assertThat(server.connections()).isEqualTo(1);
            assertThat(client.idleConnections()).isEqualTo(1);
        }
    }

    @Test
    void readsChunkedBodiesWithExtensionsAndTrailers() throws IOException {
        try (RawServer server = new RawServer((request, out, socket) -> {
                    write(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
                    write(out, "5;name=value\r\nhello\r\n");
                    write(out, "7\r\n, world\r\n0\r\nX-Trailer: yes\r\n\r\n");
                    return true;
                });
                UpstreamClient client = client(server)) {
            assertThat(post(client, server)).isEqualTo("hello, world");
            assertThat(post(client, server)).isEqualTo("hello, world");
            assertThat(server.connections()).isEqualTo(1);
        }
    }

    @Test
    void aBodyEndedByClosingTheConnectionIsReadAndTheConnectionNotReused() throws IOException {
        try (RawServer server = new RawServer((request, out, socket) -> {
                    write(out, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end");
                    return false;
                });
                UpstreamClient client = client(server)) {
            assertThat(post(client, server)).isEqualTo("until the end");
            assertThat(client.idleConnections()).isZero();
            assertThat(post(client, server)).isEqualTo("until the end");
            assertThat(server.connections()).isEqualTo(2);
        }
    }

    @Test
    void connectionCloseIsHonoured() throws IOException {
        try (RawServer server = new RawServer((request, out, socket) -> {
                    write(out, "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok");
                    return false;
                });
                UpstreamClient client = client(server)) {
            assertThat(post(client, server)).isEqualTo("ok");
            assertThat(client.idleConnections()).isZero();
        }
    }

    @Test
    void aPooledConnectionTheServerClosedWhileIdleIsReplacedWithoutFailingTheRequest() throws Exception {
        try (RawServer server = new RawServer((request, out, socket) -> {
                    write(out, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
                    return false; // closes after each answer without saying so, as at the end of a keep-alive timeout
                });
                UpstreamClient client = client(server)) {
            for (int i = 1; i <= 3; i++) {
                assertThat(post(client, server)).isEqualTo("ok");
                awaitClosed(server, i);
                assertThat(client.idleConnections()).isEqualTo(1);
            }
            assertThat(server.requests()).hasSize(3);
            assertThat(server.connections()).isEqualTo(3);
        }
    }

    @Test
    void aRequestTheServerDropsUnansweredFailsAndIsNotSentAgain() throws IOException {
        AtomicInteger answered = new AtomicInteger();
        try (RawServer server = new RawServer((request, out, socket) -> {
                    if (answered.getAndIncrement() > 0) {
                        return false; // the second request on the connection: dropped, perhaps after work was done
                    }
                    write(out, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
                    return true;
                });
                UpstreamClient client = client(server)) {
            assertThat(post(client, server)).isEqualTo("ok");
            assertThatThrownBy(() -> post(client, server)).isInstanceOf(IOException.class);
            assertThat(server.requests()).hasSize(2);
        }
    }

    private static void awaitClosed(RawServer server, int count) {
        Await.until(Duration.ofSeconds(5), server::closed, closed -> closed >= count);
        assertThat(server.closed()).isEqualTo(count);
    }

    @Test
    void aNewConnectionClosedWithoutAnAnswerFailsOnceAndIsNotSentAgain() throws IOException {
        try (RawServer server = new RawServer((request, out, socket) -> false);
                UpstreamClient client = client(server)) {
            assertThatThrownBy(() -> post(client, server))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("closed");
            assertThat(server.requests()).hasSize(1);
        }
    }

    @Test
    void interimResponsesAreSkipped() throws IOException {
        try (RawServer server = new RawServer((request, out, socket) -> {
                    write(
                            out,
                            "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n"
                                    + "HTTP/1.1 201 Created\r\nContent-Length: 4\r\n\r\ndone");
                    return true;
                });
                UpstreamClient client = client(server)) {
            try (UpstreamResponse response = client.send("POST", server.uri("/v1/x"), "application/json", BODY)) {
                assertThat(response.status()).isEqualTo(201);
                assertThat(response.body().readAllBytes()).asString().isEqualTo("done");
            }
        }
    }

    @Test
    void endlessInterimResponsesAreRefused() throws IOException {
        try (RawServer server = new RawServer((request, out, socket) -> {
                    write(
                            out,
                            "HTTP/1.1 100 Continue\r\n\r\n".repeat(11)
                                    + "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
                    return false;
                });
                UpstreamClient client = client(server)) {
            assertThatThrownBy(() -> post(client, server))
                    .isInstanceOf(MalformedResponseException.class)
                    .hasMessageContaining("more than 10 interim");
        }
    }

    @Test
    void answersThatAreNotHttpAreRefusedWithTheReason() throws IOException {
        try (RawServer server = new RawServer((request, out, socket) -> {
                    write(out, "<html>Bad Gateway</html>\r\n");
                    return false;
                });
                UpstreamClient client = client(server)) {
            assertThatThrownBy(() -> post(client, server))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("not HTTP/1.1")
                    .hasMessageContaining("<html>");
        }
    }

    @Test
    void aBodyCutShortIsAnErrorNotACleanEnd() throws IOException {
        try (RawServer server = new RawServer((request, out, socket) -> {
                    write(out, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this");
                    return false;
                });
                UpstreamClient client = client(server)) {
            try (UpstreamResponse response = client.send("POST", server.uri("/v1/x"), "application/json", BODY)) {
                InputStream body = response.body();
                assertThatThrownBy(body::readAllBytes)
                        .isInstanceOf(IOException.class)
                        .hasMessageContaining("91 bytes before the end");
            }
            assertThat(client.idleConnections()).isZero();
        }
    }

    @Test
    void invalidChunkSizesAreRefused() throws IOException {
        try (RawServer server = new RawServer((request, out, socket) -> {
                    write(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n");
                    return false;
                });
                UpstreamClient client = client(server)) {
            assertThatThrownBy(() -> post(client, server))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("invalid chunk size 'zz'");
        }
    }

    @Test
    void aSilentServerTimesOutAtTheReadTimeout() throws IOException {
        try (RawServer server = new RawServer((request, out, socket) -> true);
                UpstreamClient client = new UpstreamClient(
                        server.uri("/v1"), Map.of(), Duration.ofSeconds(1), Duration.ofMillis(200))) {
            assertThatThrownBy(() -> post(client, server)).isInstanceOf(SocketTimeoutException.class);
            assertThat(server.requests()).hasSize(1);
        }
    }

    @Test
    void closingAResponseBeforeItsEndClosesTheConnection() throws IOException {
        try (RawServer server = new RawServer((request, out, socket) -> {
                    write(out, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n01234");
                    return true;
                });
                UpstreamClient client = client(server)) {
            UpstreamResponse response = client.send("POST", server.uri("/v1/x"), "application/json", BODY);
            assertThat(response.body().read(new byte[3], 0, 3)).isEqualTo(3);
            response.close();
            assertThat(client.idleConnections()).isZero();
        }
    }

    @Test
    void plainHttpThroughAProxyNamesTheWholeUri() throws IOException {
        try (RawServer proxy = new RawServer((request, out, socket) -> {
            write(out, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
            return true;
        })) {
            URI origin = URI.create("http://upstream.example:8000/v1");
            Proxy http = new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved("127.0.0.1", proxy.port()));
            try (UpstreamClient client = new UpstreamClient(
                            origin,
                            Map.of(),
                            Duration.ofSeconds(1),
                            Duration.ofSeconds(1),
                            null,
                            ConnectorTest.selector(u -> List.of(http)));
                    UpstreamResponse response = client.send("GET", URI.create(origin + "/models"), null, null)) {
                assertThat(response.body().readAllBytes()).asString().isEqualTo("ok");
            }
            assertThat(proxy.requests().getFirst().head())
                    .startsWith("GET http://upstream.example:8000/v1/models HTTP/1.1\r\n")
                    .contains("\r\nHost: upstream.example:8000\r\n");
        }
    }

    @Test
    void headerValuesWithLineBreaksAndRequestsToAnotherOriginAreRefused() throws IOException {
        URI origin = URI.create("http://127.0.0.1:9/v1");
        assertThatThrownBy(() -> new UpstreamClient(
                        origin, Map.of("X-Evil", "a\r\nHost: other"), Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("X-Evil");
        assertThatThrownBy(() -> new UpstreamClient(
                        origin, Map.of("Bad Name", "v"), Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .hasMessageContaining("'Bad Name' is not a valid header name");
        try (UpstreamClient client =
                new UpstreamClient(origin, Map.of(), Duration.ofSeconds(1), Duration.ofSeconds(1))) {
            assertThatThrownBy(() -> client.send("GET", URI.create("http://other.example/v1"), null, null))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("is not on");
        }
    }
}
