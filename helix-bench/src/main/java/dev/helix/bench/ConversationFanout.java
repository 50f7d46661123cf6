package dev.helix.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helix.Helix;
import dev.helix.auth.KeySecrets;
import dev.helix.config.HelixConfig;
import dev.helix.internal.Folders;
import dev.helix.testkit.MockLlmServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A person's message in a conversation, sent → stored → delivered to every client following the conversation: a real
 * Helix (SQLite) whose agents answer through the gateway from the mock provider with no latency; {@code --clients}
 * WebSocket clients of the conversation's owner follow {@code conversation:<id>}; one sender posts
 * {@code --messages} messages one at a time, each answered whole and then {@code --interval} milliseconds (default
 * 100) before the next, so that one message's deliveries are timed, not a queue of them. Each (client, message) pair gives
 * two times from the start of the POST: the user message's {@code stored} event arriving, and the answer's
 * {@code updated} event (status complete) arriving. Prints a Markdown table.
 *
 * <pre>
 * java -cp 'helix-bench/target/helix-bench-*.jar:helix-bench/target/libs/*' dev.helix.bench.ConversationFanout \
 *     --clients 100 --messages 200 --interval 100
 * </pre>
 *
 * Helix, the mock and the clients share one JVM (and the machine's cores), so the figures include the clients' own
 * work; every client must receive every event once, or the run fails.
 */
public final class ConversationFanout {
    private static final Set<String> OPTIONS = Set.of("clients", "messages", "warmup", "interval");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USER = "bench-user";

    private ConversationFanout() {}

    public static void main(String[] argv) throws Exception {
        BenchArgs args = BenchArgs.parse(argv, OPTIONS);
        int clients = args.number("clients", null, 100, 1);
        int messages = args.number("messages", null, 200, 1);
        int warmup = args.number("warmup", null, 20, 0);
        int interval = args.number("interval", null, 100, 0);
        Path dir = Files.createTempDirectory("helix-conversation-fanout");
        String admin = KeySecrets.generate();
        try (MockLlmServer mock = MockLlmServer.start();
                Helix helix = Helix.create(config(dir, admin, mock)).start()) {
            URI base = URI.create("http://127.0.0.1:" + helix.port());
            HttpClient http = NodeClient.newHttpClient();
            String conversation = post(http, base, admin, "/api/v1/conversations", "{\"agent\":\"coordinator\"}")
                    .get("id")
                    .asText();
            for (int i = 0; i < warmup; i++) {
                post(http, base, admin, "/api/v1/conversations/" + conversation + "/messages", "{\"content\":\"w\"}");
            }
            long[] sentAt = new long[messages];
            List<Follower> followers = follow(base, admin, conversation, clients, messages, sentAt);
            for (int i = 0; i < messages; i++) {
                Thread.sleep(interval);
                sentAt[i] = System.nanoTime();
                post(
                        http,
                        base,
                        admin,
                        "/api/v1/conversations/" + conversation + "/messages",
                        "{\"content\":\"m" + i + "\"}");
            }
            for (Follower f : followers) {
                if (!f.done.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("client " + f.index + " got " + f.stored + " stored events and "
                            + f.answered + " answers of " + messages);
                }
            }
            print(clients, messages, interval, followers);
        } finally {
            Folders.deleteTree(dir);
        }
    }

    private static void print(int clients, int messages, int interval, List<Follower> followers) {
        long[] stored = new long[clients * messages];
        long[] answered = new long[clients * messages];
        int n = 0;
        for (Follower f : followers) {
            System.arraycopy(f.storedNanos, 0, stored, n, messages);
            System.arraycopy(f.answeredNanos, 0, answered, n, messages);
            n += messages;
        }
        Latencies s = new Latencies(stored, n);
        Latencies a = new Latencies(answered, n);
        System.out.printf(
                "%d WebSocket clients of the owner follow one conversation; %d messages, one at a time, %d ms between "
                        + "an answer and the next message.%n%n",
                clients, messages, interval);
        System.out.println("| From the POST to every client receiving | samples | p50 ms | p90 ms | p99 ms | max ms |");
        System.out.println("| --- | ---: | ---: | ---: | ---: | ---: |");
        System.out.printf(
                "| the user message stored | %d | %s | %s | %s | %s |%n",
                s.count(), s.at(50), s.at(90), s.at(99), Latencies.ms(s.max()));
        System.out.printf(
                "| the answer stored (zero-latency model) | %d | %s | %s | %s | %s |%n",
                a.count(), a.at(50), a.at(90), a.at(99), Latencies.ms(a.max()));
    }

    private static List<Follower> follow(
            URI base, String key, String conversation, int clients, int messages, long[] sentAt) throws Exception {
        URI ws = URI.create("ws://" + base.getRawAuthority() + "/api/v1/realtime?user=" + USER);
        HttpClient http = HttpClient.newHttpClient();
        List<Follower> followers = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            Follower f = new Follower(c, conversation, messages, sentAt);
            http.newWebSocketBuilder()
                    .header("Authorization", "Bearer " + key)
                    .connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(ws, f)
                    .get(10, TimeUnit.SECONDS);
            followers.add(f);
        }
        for (Follower f : followers) {
            if (!f.subscribed.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("client " + f.index + " was not subscribed within 10 s");
            }
        }
        return followers;
    }

    /** One client: times the stored user message and the completed answer of every message. */
    private static final class Follower implements WebSocket.Listener {
        final int index;
        final long[] storedNanos;
        final long[] answeredNanos;
        final CountDownLatch subscribed = new CountDownLatch(1);
        final CountDownLatch done = new CountDownLatch(1);
        private final String topic;
        private final long[] sentAt;
        private final StringBuilder partial = new StringBuilder();
        int stored;
        int answered;

        Follower(int index, String conversation, int messages, long[] sentAt) {
            this.index = index;
            this.topic = "conversation:" + conversation;
            this.storedNanos = new long[messages];
            this.answeredNanos = new long[messages];
            this.sentAt = sentAt;
        }

        @Override
        public void onOpen(WebSocket ws) {
            CompletableFuture<WebSocket> unused =
                    ws.sendText("{\"type\":\"subscribe\",\"topic\":\"" + topic + "\"}", true);
            ws.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            long now = System.nanoTime();
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                receive(text, now);
            }
            ws.request(1);
            return null;
        }

        private void receive(String text, long now) {
            if (!text.contains("\"conversation.message\"") && !text.contains("\"subscribed\"")) {
                return; // the answer's text as it is written, and other events: not timed, not parsed
            }
            JsonNode m;
            try {
                m = JSON.readTree(text);
            } catch (java.io.IOException e) {
                throw new IllegalStateException("not JSON: " + text, e);
            }
            String type = m.path("type").asText();
            if (type.equals("subscribed")) {
                subscribed.countDown();
            }
            if (!type.equals("event") || !m.path("event").asText().equals("conversation.message")) {
                return;
            }
            JsonNode data = m.path("data");
            JsonNode message = data.path("message");
            String action = data.path("action").asText();
            String body = message.at("/content/0/text").asText();
            if (action.equals("stored") && message.path("role").asText().equals("user") && body.startsWith("m")) {
                int i = Integer.parseInt(body.substring(1));
                storedNanos[i] = now - sentAt[i];
                stored++;
            } else if (action.equals("updated")
                    && message.path("role").asText().equals("assistant")
                    && stored > answered) {
                answeredNanos[answered] = now - sentAt[answered];
                answered++;
            }
            if (answered == storedNanos.length) {
                done.countDown();
            }
        }
    }

    private static JsonNode post(HttpClient http, URI base, String key, String path, String json) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                .header("Authorization", "Bearer " + key)
                .header("X-Helix-User", USER)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    private static HelixConfig config(Path dir, String admin, MockLlmServer mock) throws Exception {
        return BenchHelix.config(dir, admin, BenchHelix.mockGateway(mock.baseUrl()));
    }
}
