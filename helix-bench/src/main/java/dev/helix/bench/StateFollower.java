package dev.helix.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket client of one node's {@code state} topic that records when each benchmark change arrived: the
 * change's index ({@code bench.i} in the event's merge patch) → the {@code System.nanoTime()} at which the last
 * fragment of its message was received.
 */
final class StateFollower implements WebSocket.Listener, AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SUBSCRIBE = "{\"type\":\"subscribe\",\"topic\":\"state\",\"since\":null}";

    private final Map<Integer, Long> arrivals = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> subscribed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;

    private StateFollower() {}

    /** Connects to {@code node}'s real-time endpoint and waits until the {@code state} topic is subscribed. */
    static StateFollower connect(NodeClient node, HttpClient http) throws Exception {
        StateFollower follower = new StateFollower();
        URI ws = URI.create("ws://" + node.base().getRawAuthority() + "/api/v1/realtime");
        follower.socket = http.newWebSocketBuilder()
                .header("Authorization", "Bearer " + node.key())
                .connectTimeout(Duration.ofSeconds(5))
                .buildAsync(ws, follower)
                .get(10, TimeUnit.SECONDS);
        follower.socket.sendText(SUBSCRIBE, true).get(5, TimeUnit.SECONDS);
        follower.subscribed.get(10, TimeUnit.SECONDS);
        return follower;
    }

    /** When change {@code index} arrived, or null if it has not. */
    Long arrival(int index) {
        return arrivals.get(index);
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        long at = System.nanoTime();
        partial.append(data);
        if (last) {
            record(partial.toString(), at);
            partial.setLength(0);
        }
        ws.request(1);
        return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        subscribed.completeExceptionally(error);
    }

    private void record(String text, long at) {
        JsonNode message;
        try {
            message = JSON.readTree(text);
        } catch (java.io.IOException e) {
            return;
        }
        String type = message.path("type").asText();
        if (type.equals("subscribed")) {
            subscribed.complete(null);
        } else if (type.equals("event")) {
            JsonNode index = message.at("/data/patch/bench/i");
            if (index.isInt()) {
                arrivals.putIfAbsent(index.asInt(), at);
            }
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            socket.abort();
        }
    }
}
