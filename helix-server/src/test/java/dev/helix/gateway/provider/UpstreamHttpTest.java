package dev.helix.gateway.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.helix.gateway.config.ProviderConfig;
import dev.helix.gateway.config.ProviderKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How each way a provider can break is reported: the kind that decides failover, and a message naming it. */
class UpstreamHttpTest {
    private final Watchdog watchdog = new Watchdog();
    private ServerSocket server;

    @AfterEach
    void stop() throws IOException {
        watchdog.close();
        if (server != null) {
            server.close();
        }
    }

    /** A provider that reads each request's head and answers {@code answer}, then closes. */
    private UpstreamHttp providerAnswering(String answer) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try (Socket s = server.accept();
                        InputStream in = s.getInputStream();
                        OutputStream out = s.getOutputStream()) {
                    in.readNBytes(in.available() > 0 ? in.available() : 1);
                    out.write(answer.getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    return;
                }
            }
        });
        return provider(URI.create("http://127.0.0.1:" + server.getLocalPort() + "/v1"));
    }

    private static UpstreamHttp provider(URI baseUrl) {
        ProviderConfig config = new ProviderConfig(
                "acme", ProviderKind.OPENAI, baseUrl, "sk-secret", Map.of(), ProviderConfig.Timeouts.DEFAULTS, false);
        return new UpstreamHttp(config, Map.of("Authorization", "Bearer sk-secret"), json -> null);
    }

    private UpstreamException failureOf(UpstreamHttp http) {
        CallWatch watch = watchdog.watch(ProviderConfig.Timeouts.DEFAULTS);
        try {
            return (UpstreamException) org.assertj.core.api.Assertions.catchThrowable(
                    () -> http.readAll(http.post(http.uri("/chat/completions"), "{}".getBytes(), watch), watch));
        } finally {
            watch.finish();
        }
    }

    @Test
    void anAnswerThatIsNotHttpIsABadResponseThatSaysWhatCame() throws IOException {
        try (UpstreamHttp http = providerAnswering("<html><body>502 Bad Gateway</body></html>\r\n")) {
            UpstreamException e = failureOf(http);
            assertThat(e.kind()).isEqualTo(UpstreamException.Kind.BAD_RESPONSE);
            assertThat(e.getMessage())
                    .contains("provider acme", "not valid HTTP", "<html>")
                    .doesNotContain("sk-secret");
        }
    }

    @Test
    void aBodyCutShortIsACutThatSaysHowMuchWasMissing() throws IOException {
        try (UpstreamHttp http = providerAnswering("HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\n{\"choices\":")) {
            UpstreamException e = failureOf(http);
            assertThat(e.kind()).isEqualTo(UpstreamException.Kind.CUT);
            assertThat(e.getMessage()).contains("in the middle of the response", "39 bytes before the end");
        }
    }

    @Test
    void nothingListeningIsAConnectFailure() {
        // port 1 (tcpmux): outside the ephemeral range, so never a socket of this machine's own clients
        try (UpstreamHttp http = provider(URI.create("http://127.0.0.1:1/v1"))) {
            assertThatThrownBy(() -> failureOfThrowing(http))
                    .isInstanceOf(UpstreamException.class)
                    .satisfies(
                            t -> assertThat(((UpstreamException) t).kind()).isEqualTo(UpstreamException.Kind.CONNECT))
                    .hasMessageContaining("could not be reached");
        }
    }

    private void failureOfThrowing(UpstreamHttp http) {
        CallWatch watch = watchdog.watch(ProviderConfig.Timeouts.DEFAULTS);
        try {
            http.post(http.uri("/chat/completions"), "{}".getBytes(), watch);
        } finally {
            watch.finish();
        }
    }
}
