package dev.helix.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.internal.Json;
import dev.helix.testing.Await;
import dev.helix.testing.HelixClient;
import dev.helix.testing.HelixServerExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(60)
class EventStreamTest {
    @RegisterExtension
    static HelixServerExtension server = new HelixServerExtension()
            .config(c -> c.toBuilder()
                    .realtime(s -> s.heartbeat(java.time.Duration.ofMillis(200)))
                    .build());

    private final HelixClient client = server.client();

    /** Reads an SSE stream on a virtual thread, one map of fields per event. */
    private static final class Stream implements AutoCloseable {
        private final BlockingQueue<Map<String, String>> events = new LinkedBlockingQueue<>();
        private final HttpResponse<java.util.stream.Stream<String>> response;
        private final Thread reader;
        private volatile int comments;

        Stream(HttpResponse<java.util.stream.Stream<String>> response) {
            this.response = response;
            this.reader = Thread.ofVirtual().start(this::read);
        }

        private void read() {
            Map<String, String> event = new LinkedHashMap<>();
            try (java.util.stream.Stream<String> lines = response.body()) {
                for (String line : (Iterable<String>) lines::iterator) {
                    if (line.isEmpty()) {
                        if (!event.isEmpty()) {
                            events.add(event);
                        }
                        event = new LinkedHashMap<>();
                    } else if (line.startsWith(":")) {
                        comments++;
                    } else {
                        int colon = line.indexOf(':');
                        event.merge(
                                line.substring(0, colon),
                                line.substring(colon + 1).stripLeading(),
                                (a, b) -> a + "\n" + b);
                    }
                }
            } catch (UncheckedIOException e) {
                // closed
            }
        }

        Map<String, String> next(String name) throws InterruptedException {
            while (true) {
                Map<String, String> e = events.poll(10, TimeUnit.SECONDS);
                assertThat(e).as("an SSE event within 10 s").isNotNull();
                if (e.get("event").equals(name)) {
                    return e;
                }
            }
        }

        @Override
        public void close() {
            reader.interrupt();
            response.body().close();
        }
    }

    private HttpResponse<java.util.stream.Stream<String>> open(String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(client.base() + path));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofLines());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
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

    @Test
    void eventsArriveWithOffsetsAsIdsAndResumeFromLastEventId() throws Exception {
        String lastId;
        try (Stream sse =
                new Stream(open("/api/v1/events?topics=state", "Authorization", "Bearer " + client.adminKey()))) {
            assertThat(sse.response.headers().firstValue("Content-Type").orElse(""))
                    .startsWith("text/event-stream");
            Map<String, String> snapshot = sse.next("snapshot");
            assertThat(snapshot).doesNotContainKey("id");
            assertThat(json(snapshot.get("data")).get("data").has("document")).isTrue();
            assertThat(sse.next("subscribed").get("id")).matches("\\d+");
            change("{\"sse\":1}");
            Map<String, String> event = sse.next("state.changed");
            assertThat(json(event.get("data"))
                            .get("data")
                            .get("patch")
                            .get("sse")
                            .asInt())
                    .isEqualTo(1);
            lastId = event.get("id");
        }
        change("{\"sse\":2}");
        try (Stream sse = new Stream(
                open("/api/v1/events?topics=state&access_token=" + client.adminKey(), "Last-Event-ID", lastId))) {
            Map<String, String> missed = sse.next("state.changed");
            assertThat(json(missed.get("data"))
                            .get("data")
                            .get("patch")
                            .get("sse")
                            .asInt())
                    .isEqualTo(2);
            assertThat(Long.parseLong(missed.get("id"))).isGreaterThan(Long.parseLong(lastId));
            assertThat(sse.next("subscribed")).isNotNull();
        }
    }

    @Test
    void idleStreamsGetHeartbeatComments() throws Exception {
        try (Stream sse = new Stream(open("/api/v1/events", "Authorization", "Bearer " + client.adminKey()))) {
            sse.next("snapshot");
            Await.until("a heartbeat comment", Duration.ofSeconds(10), () -> sse.comments > 0);
        }
    }

    @Test
    void badRequestsAreRefusedBeforeStreaming() {
        assertThat(client.get("/api/v1/events?topics=nope").status()).isEqualTo(400);
        assertThat(client.get("/api/v1/events?topics=nope").json().get("detail").asText())
                .contains("state");
        assertThat(client.get("/api/v1/events", null).status()).isEqualTo(401);
        HelixClient.Reply head = client.send("HEAD", "/api/v1/events", client.adminKey(), null, null);
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.header("Content-Type")).startsWith("text/event-stream");
        assertThat(client.send("GET", "/api/v1/events", client.adminKey(), null, null, "Last-Event-ID", "abc")
                        .status())
                .isEqualTo(400);
    }

    @Test
    void topicsAndOffsetsAreTakenExactly() {
        String auth = "Bearer " + client.adminKey();
        for (String query : new String[] {
            "topics=state%00",
            "topics=state%20",
            "topics=%20state",
            "since=%2B1",
            "since=01",
            "since=1%00",
            "since=18446744073709551617",
            "since=-1"
        }) {
            HttpResponse<java.util.stream.Stream<String>> r = open("/api/v1/events?" + query, "Authorization", auth);
            try (java.util.stream.Stream<String> body = r.body()) {
                assertThat(r.statusCode()).as(query).isEqualTo(400);
                assertThat(body.toList()).as(query).isNotEmpty();
            }
        }
        HttpResponse<java.util.stream.Stream<String>> plus =
                open("/api/v1/events", "Authorization", auth, "Last-Event-ID", "+1");
        try (java.util.stream.Stream<String> body = plus.body()) {
            assertThat(plus.statusCode()).isEqualTo(400);
            assertThat(String.join("", body.toList()))
                    .contains("Last-Event-ID (or since) must be an offset this "
                            + "stream sent: a whole number from 0 to 9223372036854775807 written in digits, not '+1'");
        }
    }

    private static JsonNode json(String text) throws IOException {
        return Json.mapper().readTree(text);
    }
}
