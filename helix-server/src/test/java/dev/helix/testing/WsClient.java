package dev.helix.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.internal.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** A WebSocket test client that queues every JSON message, ping and close it receives. */
public final class WsClient implements WebSocket.Listener, AutoCloseable {
    private final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<String> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private final AtomicLong textMessages = new AtomicLong();
    private final AtomicLong textBytes = new AtomicLong();
    private volatile int pings;
    private volatile int pongs;
    private WebSocket socket;

    /** Connects to {@code path} of the Helix at {@code httpBase} with {@code key}, plus header name/value pairs. */
    public static WsClient connect(String httpBase, String path, String key, String... headers) {
        WsClient client = new WsClient();
        WebSocket.Builder b = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        client.socket = b.buildAsync(URI.create(httpBase.replace("http://", "ws://") + path), client)
                .join();
        return client;
    }

    public void send(String text) {
        socket.sendText(text, true).join();
    }

    public void sendBinary(byte[] bytes) {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
    }

    /** The next message, failing after 10 s. */
    public JsonNode next() {
        try {
            JsonNode m = messages.poll(10, TimeUnit.SECONDS);
            if (m == null) {
                throw new AssertionError("no message within 10 s");
            }
            return m;
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The next message of {@code type}, skipping others. */
    public JsonNode next(String type) {
        while (true) {
            JsonNode m = next();
            if (m.path("type").asText().equals(type)) {
                return m;
            }
        }
    }

    /** "code reason" once the server closed, waiting up to 10 s. */
    public String closeReason() {
        return closed.orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** Text messages received so far. */
    public long textMessages() {
        return textMessages.get();
    }

    /** UTF-8 bytes of the text messages received so far. */
    public long textBytes() {
        return textBytes.get();
    }

    /** Sends a close frame and waits for the server's. */
    public void closeAndWait() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
        closeReason();
    }

    /** Drops the connection without a close frame, as a client that lost its network would. */
    public void abort() {
        socket.abort();
    }

    public int pings() {
        return pings;
    }

    public int pongs() {
        return pongs;
    }

    public void ping() {
        socket.sendPing(ByteBuffer.wrap(new byte[] {7})).join();
    }

    @Override
    public CompletionStage<?> onPong(WebSocket ws, ByteBuffer message) {
        pongs++;
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            textMessages.incrementAndGet();
            textBytes.addAndGet(partial.toString().getBytes(StandardCharsets.UTF_8).length);
            try {
                messages.add(Json.mapper().readTree(partial.toString()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            partial.setLength(0);
        }
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket ws, ByteBuffer message) {
        pings++;
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
        closed.complete(statusCode + " " + reason);
        return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        closed.complete("error " + error);
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(t -> null);
        }
        socket.abort();
    }
}
