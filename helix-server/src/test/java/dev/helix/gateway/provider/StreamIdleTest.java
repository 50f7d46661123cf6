package dev.helix.gateway.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.helix.gateway.config.DeploymentConfig;
import dev.helix.gateway.config.ProviderConfig;
import dev.helix.gateway.config.ProviderKind;
import dev.helix.gateway.provider.openai.OpenAiProvider;
import dev.helix.internal.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A stream is idle only while nothing arrives: the comments a provider sends to keep it open count. */
@Timeout(20)
class StreamIdleTest {
    private static final ProviderConfig.Timeouts TIMEOUTS = new ProviderConfig.Timeouts(
            Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(10));
    private static final String CHUNK = "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{"
            + "\"index\":0,\"delta\":{\"content\":\"hi\"}}]}\n\n";

    private final Watchdog watchdog = new Watchdog();
    private ServerSocket server;

    @AfterEach
    void stop() throws IOException {
        watchdog.close();
        if (server != null) {
            server.close();
        }
    }

    /** A provider that starts a stream, sends {@code pieces} spaced {@code spacing} apart, then a chunk and the end. */
    private OpenAiProvider provider(String piece, int pieces, Duration spacing) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            try (Socket s = server.accept();
                    InputStream in = s.getInputStream();
                    OutputStream out = s.getOutputStream()) {
                in.readNBytes(in.available() > 0 ? in.available() : 1);
                send(out, "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n");
                for (int i = 0; i < pieces; i++) {
                    send(out, piece);
                    Thread.sleep(spacing);
                }
                send(out, CHUNK + "data: [DONE]\n\n");
            } catch (IOException | InterruptedException e) {
                // the client gave up: nothing more to send
            }
        });
        URI base = URI.create("http://127.0.0.1:" + server.getLocalPort() + "/v1");
        return new OpenAiProvider(new ProviderConfig("acme", ProviderKind.OPENAI, base, "", Map.of(), TIMEOUTS, false));
    }

    private static void send(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private ChunkStream stream(OpenAiProvider provider, CallWatch watch) {
        ObjectNode request = Json.mapper().createObjectNode().put("model", "m").put("stream", true);
        DeploymentConfig deployment =
                new DeploymentConfig("acme", "m", DeploymentConfig.Price.FREE, 1, 0, true, true, true);
        return provider.stream(new UpstreamCall(request, "m", deployment, true, false, watch));
    }

    @Test
    void keepAliveCommentsArrivingMoreOftenThanTheIdleTimeoutKeepTheStreamOpen() throws IOException {
        // five comments 300 ms apart: 1.5 s without an event, but never 1 s (timeouts.idle) without a byte
        try (OpenAiProvider provider = provider(": keep-alive\n\n", 5, Duration.ofMillis(300))) {
            CallWatch watch = watchdog.watch(TIMEOUTS);
            try (ChunkStream chunks = stream(provider, watch)) {
                assertThat(new String(chunks.next(), StandardCharsets.UTF_8)).contains("\"content\":\"hi\"");
                assertThat(chunks.next()).isNull();
            } finally {
                watch.finish();
            }
        }
    }

    @Test
    void aStreamSilentForTheIdleTimeoutStillTimesOut() throws IOException {
        try (OpenAiProvider provider = provider(": keep-alive\n\n", 2, Duration.ofMillis(1500))) {
            CallWatch watch = watchdog.watch(TIMEOUTS);
            try (ChunkStream chunks = stream(provider, watch)) {
                UpstreamException e = catchThrowableOfType(UpstreamException.class, chunks::next);
                assertThat(e.kind()).isEqualTo(UpstreamException.Kind.TIMEOUT);
                assertThat(e.getMessage()).contains("timeouts.idle");
            } finally {
                watch.finish();
            }
        }
    }
}
