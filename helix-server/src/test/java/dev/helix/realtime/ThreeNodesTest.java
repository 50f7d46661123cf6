package dev.helix.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.Helix;
import dev.helix.auth.KeySecrets;
import dev.helix.config.HelixConfig;
import dev.helix.internal.Folders;
import dev.helix.testing.Await;
import dev.helix.testing.HelixClient;
import dev.helix.testing.HelixServerExtension;
import dev.helix.testing.LocalRedis;
import dev.helix.testing.TestServices;
import dev.helix.testing.WsClient;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.RedisClient;

/**
 * Three Helix nodes on loopback sharing one PostgreSQL and one Redis behave as one: a write on any node is served
 * and pushed by every node. The event log's poll is set to ten minutes, so only the cross-node wake-up can bring the
 * changes within the tests' bounded waits.
 */
@Timeout(120)
class ThreeNodesTest {
    private static final String MERGE = "application/merge-patch+json";

    private final String key = KeySecrets.generate();
    private final List<Helix> nodes = new ArrayList<>();
    private final List<Path> dirs = new ArrayList<>();
    private final List<HelixClient> clients = new ArrayList<>();
    private String databaseUrl;
    private String redisUrl;
    private String prefix;

    @BeforeEach
    void startThreeNodes() throws Exception {
        databaseUrl = TestServices.postgresSchemaUrl();
        redisUrl = LocalRedis.shared(6);
        prefix = LocalRedis.uniquePrefix();
        for (int i = 0; i < 3; i++) {
            Path dir = Files.createTempDirectory("helix-node");
            dirs.add(dir);
            Helix helix = Helix.create(node(dir)).start();
            nodes.add(helix);
            clients.add(new HelixClient("http://127.0.0.1:" + helix.port(), key));
        }
    }

    @AfterEach
    void stopNodes() throws Exception {
        nodes.forEach(Helix::stop);
        TestServices.dropSchema(databaseUrl);
        try (RedisClient redis = RedisClient.create(URI.create(redisUrl))) {
            redis.keys(prefix + ":*").forEach(redis::del);
        }
        for (Path dir : dirs) {
            Folders.deleteTree(dir);
        }
    }

    @Test
    void aWriteOnOneNodeIsServedAndPushedByTheOthersBeforeTheyAnnounceIt() {
        HelixClient a = clients.get(0);
        try (WsClient onB = subscribeToState(clients.get(1));
                WsClient onC = subscribeToState(clients.get(2))) {
            clients.forEach(c -> assertThat(c.get("/api/v1/state").status()).isEqualTo(200));
            long before = version(clients.get(1));

            HelixClient.Reply written = patch(a, "{\"from\":\"a\"}", "*");
            assertThat(written.status()).as(written.body()).isEqualTo(200);

            for (int i = 1; i <= 2; i++) {
                JsonNode event = (i == 1 ? onB : onC).next("event");
                assertThat(event.at("/data/patch/from").asText()).isEqualTo("a");
                assertThat(event.at("/data/version").asLong()).isEqualTo(before + 1);
                HelixClient.Reply read = clients.get(i).get("/api/v1/state");
                assertThat(read.json().get("from").asText())
                        .as("node %d serves the version it pushed", i)
                        .isEqualTo("a");
                assertThat(read.header("ETag")).isEqualTo("\"" + (before + 1) + "\"");
            }

            HelixClient c = clients.get(2);
            assertThat(patch(c, "{\"from\":\"c\"}", "\"" + (before + 1) + "\"").status())
                    .as("a node that followed the write can write on top of it without losing first")
                    .isEqualTo(200);
            assertThat(onB.next("event").at("/data/patch/from").asText()).isEqualTo("c");
            Await.until(
                    "the command result cache of B sees the write on C",
                    () -> "c"
                            .equals(runStateCommand(clients.get(1))
                                    .at("/result/value/from")
                                    .asText()));
        }
    }

    @Test
    void noNodeKeepsServingAnOlderStateThroughTheResponseCacheOrRedis() {
        HelixClient a = clients.get(0);
        for (HelixClient c : clients) {
            assertThat(c.get("/api/v1/state").status()).isEqualTo(200); // cached here and in Redis
        }
        for (int write = 1; write <= 5; write++) {
            String value = "w" + write;
            HelixClient writer = clients.get(write % 3);
            assertThat(patch(writer, "{\"last\":\"" + value + "\"}", "*").status())
                    .isEqualTo(200);
            long written = version(writer);
            for (HelixClient reader : clients) {
                Await.until("every node serves version " + written, () -> version(reader) >= written);
                // a node that has not yet heard of the write can put the previous body into Redis for a few
                // milliseconds (docs/operations.md, "Several nodes"): the body converges, it is not stale for good
                Await.until(
                        "every node serves the body of version " + written,
                        () -> value.equals(
                                reader.get("/api/v1/state").json().get("last").asText()));
            }
        }
        assertThat(a.get("/api/v1/state").json().get("last").asText()).isEqualTo("w5");
    }

    @Test
    void racingWritersOnTwoNodesArePushedInVersionOrderOnTheThird() {
        int writes = 30;
        try (WsClient onC = subscribeToState(clients.get(2))) {
            List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                HelixClient writer = clients.get(w);
                String name = "n" + w;
                writers.add(Thread.ofVirtual().start(() -> {
                    for (int i = 0; i < writes / 2; i++) {
                        patch(writer, "{\"" + name + "\":" + i + "}", "*");
                    }
                }));
            }
            for (Thread t : writers) {
                join(t);
            }
            // the newest version as stored, not as a node's cache serves it (which may lag by milliseconds)
            long newest = clients.get(0)
                    .get("/api/v1/state/history?limit=1")
                    .json()
                    .get("data")
                    .get(0)
                    .get("version")
                    .asLong();
            long seen = 0;
            while (seen < newest) {
                long v = onC.next("event").at("/data/version").asLong();
                assertThat(v).as("versions pushed by C").isGreaterThan(seen);
                seen = v;
            }
            Await.until("C serves the newest version", () -> version(clients.get(2)) == newest);
        }
    }

    @Test
    void aClientResumesOnAnotherNodeWithExactlyTheEventsItMissed() {
        long lastSeen;
        long before;
        try (WsClient onA = subscribeToState(clients.get(0))) {
            before = version(clients.get(0));
            assertThat(patch(clients.get(2), "{\"seen\":1}", "*").status()).isEqualTo(200);
            lastSeen = onA.next("event").get("offset").asLong();
        }
        for (int i = 2; i <= 4; i++) {
            assertThat(patch(clients.get(2), "{\"missed\":" + i + "}", "*").status())
                    .isEqualTo(200);
        }

        HelixClient b = clients.get(1);
        try (WsClient onB = WsClient.connect(b.base(), "/api/v1/realtime", b.adminKey())) {
            onB.send("{\"type\":\"subscribe\",\"topic\":\"state\",\"since\":" + lastSeen + "}");
            List<Long> versions = new ArrayList<>();
            List<String> others = new ArrayList<>();
            long offset = lastSeen;
            while (versions.size() < 3) {
                JsonNode m = onB.next();
                if (!m.get("type").asText().equals("event")) {
                    others.add(m.get("type").asText());
                    continue;
                }
                assertThat(m.get("offset").asLong()).isGreaterThan(offset);
                offset = m.get("offset").asLong();
                versions.add(m.at("/data/version").asLong());
            }
            assertThat(versions).containsExactly(before + 2, before + 3, before + 4);
            if (others.isEmpty()) {
                others.add(onB.next().get("type").asText());
            }
            assertThat(others)
                    .as("no reset: what B had not read yet when the client came follows live")
                    .containsExactly("subscribed");
        }
    }

    @Test
    void aMessagePostedOnOneNodeIsPushedToTheMailboxTopicOnAnother() {
        HelixClient b = clients.get(1);
        try (WsClient onB = WsClient.connect(b.base(), "/api/v1/realtime", b.adminKey())) {
            onB.send("{\"type\":\"subscribe\",\"topic\":\"agent:coder\"}");
            onB.next("subscribed");
            HelixClient a = clients.get(0);
            HelixClient.Reply posted = a.send(
                    "POST",
                    "/api/v1/agents/coder/messages",
                    a.adminKey(),
                    "application/json",
                    "{\"type\":\"task\",\"priority\":\"low\"}");
            assertThat(posted.status()).as(posted.body()).isEqualTo(202);
            JsonNode pushed = onB.next("event");
            assertThat(pushed.at("/data/id").asText())
                    .isEqualTo(posted.json().get("id").asText());
            assertThat(pushed.at("/data/priority").asText()).isEqualTo("low");
        }
    }

    private HelixConfig node(Path dir) {
        HelixConfig c = HelixServerExtension.testConfig(dir, key);
        return c.toBuilder()
                .storage(s -> s.databaseUrl(databaseUrl))
                .redis(new HelixConfig.Redis(redisUrl))
                .caching(cache -> cache.redis(true).redisPrefix(prefix))
                .events(new HelixConfig.Events(
                        Duration.ofMinutes(10),
                        c.events().retention(),
                        c.events().maxEvents()))
                .build();
    }

    private static WsClient subscribeToState(HelixClient client) {
        WsClient ws = WsClient.connect(client.base(), "/api/v1/realtime", client.adminKey());
        ws.send("{\"type\":\"subscribe\",\"topic\":\"state\"}");
        ws.next("subscribed");
        return ws;
    }

    private static HelixClient.Reply patch(HelixClient client, String body, String ifMatch) {
        return client.send("PATCH", "/api/v1/state", client.adminKey(), MERGE, body, "If-Match", ifMatch);
    }

    private static long version(HelixClient client) {
        String etag = client.get("/api/v1/state").header("ETag");
        return Long.parseLong(etag.replace("\"", ""));
    }

    private static JsonNode runStateCommand(HelixClient client) {
        return client.postJson("/api/v1/commands/state", "{\"args\":{\"path\":\"\"}}")
                .json();
    }

    private static void join(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
