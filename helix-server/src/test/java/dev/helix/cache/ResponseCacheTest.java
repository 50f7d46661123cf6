package dev.helix.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.bus.Event;
import dev.helix.testing.Await;
import dev.helix.testing.HelixClient;
import dev.helix.testing.HelixServerExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The response cache on one node: hits, ETags and 304, one load per key, invalidation, scopes, bounds (issue 5). */
@Timeout(60)
class ResponseCacheTest {
    static final TestSource SOURCE = new TestSource();

    @RegisterExtension
    static HelixServerExtension server = new HelixServerExtension()
            .feature(SOURCE)
            .config(c -> c.toBuilder()
                    .caching(TestSource.caching())
                    .caching(s -> s.maxSize(256 * 1024))
                    .build());

    private final HelixClient client = server.client();

    @BeforeEach
    void invalidateTestTags() {
        assertThat(client.delete("/api/v1/cache?tag=test&tag=other", client.adminKey())
                        .status())
                .isEqualTo(200);
        SOURCE.padding.set(0);
    }

    @Test
    void aRepeatedGetIsServedFromTheCacheWithTheSameBodyAndAStrongEtag() {
        int before = SOURCE.calls("value");
        HelixClient.Reply first = client.get("/api/v1/test/value");
        HelixClient.Reply second = client.get("/api/v1/test/value");

        assertThat(first.header("X-Helix-Cache")).isEqualTo("miss");
        assertThat(second.header("X-Helix-Cache")).isEqualTo("hit");
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(second.header("ETag")).isEqualTo(first.header("ETag")).matches("\"[A-Za-z0-9_-]{16}\"");
        assertThat(second.header("Cache-Control")).isEqualTo("private, no-cache");
        assertThat(SOURCE.calls("value")).isEqualTo(before + 1);
    }

    @Test
    void ifNoneMatchWithTheCurrentTagGets304AndMalformedOnesGetTheBody() {
        String etag = client.get("/api/v1/test/value").header("ETag");

        HelixClient.Reply notModified = get("/api/v1/test/value", "If-None-Match", etag);
        assertThat(notModified.status()).isEqualTo(304);
        assertThat(notModified.body()).isEmpty();
        assertThat(notModified.header("ETag")).isEqualTo(etag);
        assertThat(get("/api/v1/test/value", "If-None-Match", "\"other\", " + etag)
                        .status())
                .isEqualTo(304);
        assertThat(get("/api/v1/test/value", "If-None-Match", "*").status()).isEqualTo(304);
        for (String malformed : List.of(
                "garbage",
                etag.substring(1),
                "W/",
                "\"a\" \"b\"",
                ",,,",
                "\"x\"".repeat(50),
                String.join(",", java.util.Collections.nCopies(100, "\"t\"")),
                "\u00e9\"x\"")) {
            HelixClient.Reply r = get("/api/v1/test/value", "If-None-Match", malformed);
            assertThat(r.status()).as(malformed).isEqualTo(200);
            assertThat(r.json().get("value").asLong()).isEqualTo(SOURCE.value.get());
        }
    }

    @Test
    void concurrentMissesOfOneKeyRunTheHandlerOnce() throws Exception {
        int before = SOURCE.calls("slow");
        List<HelixClient.Reply> replies = concurrently(16, i -> client.get("/api/v1/test/slow"));

        assertThat(replies).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
        assertThat(replies.stream().map(HelixClient.Reply::body).distinct()).hasSize(1);
        assertThat(SOURCE.calls("slow")).isEqualTo(before + 1);
    }

    @Test
    void anEventInvalidatesItsTagsBeforePublishReturns() {
        for (int i = 0; i < 20; i++) {
            long v = SOURCE.value.incrementAndGet();
            server.helix().bus().publish(new Event("test.changed", "test", Map.of(), Instant.now()));
            assertThat(client.get("/api/v1/test/value").json().get("value").asLong())
                    .isEqualTo(v);
            assertThat(client.get("/api/v1/test/value").header("X-Helix-Cache")).isEqualTo("hit");
        }
    }

    @Test
    void aStateWriteIsVisibleToTheNextReadOnThisNode() {
        for (int i = 0; i < 20; i++) {
            HelixClient.Reply read = client.get("/api/v1/state?path=/n");
            String etag = client.get("/api/v1/state").header("ETag");
            HelixClient.Reply written = client.send(
                    "PATCH",
                    "/api/v1/state",
                    client.adminKey(),
                    "application/merge-patch+json",
                    "{\"n\":" + i + "}",
                    "If-Match",
                    etag);
            assertThat(written.status()).isEqualTo(200);
            assertThat(client.get("/api/v1/state").json().get("n").asInt()).isEqualTo(i);
            assertThat(client.get("/api/v1/state?path=/n").body()).isEqualTo(Integer.toString(i));
            assertThat(read.status()).isIn(200, 404);
        }
    }

    @Test
    void aUserScopedRouteNeverServesOneUsersBodyToAnother() throws Exception {
        String alice = client.createKey("alice-" + System.nanoTime(), "user");
        String bob = client.createKey("bob-" + System.nanoTime(), "user");
        List<String> keys = List.of(alice, bob, client.adminKey());
        Map<String, String> names = new java.util.HashMap<>();
        for (String key : keys) {
            names.put(key, client.get("/api/v1/me", key).json().get("name").asText());
        }

        List<String[]> seen = concurrently(90, i -> {
            String key = keys.get(i % 3);
            return new String[] {
                key, client.get("/api/v1/test/whoami", key).json().get("name").asText()
            };
        });

        assertThat(seen).allSatisfy(s -> assertThat(s[1]).isEqualTo(names.get(s[0])));
        assertThat(client.get("/api/v1/test/whoami", alice).header("X-Helix-Cache"))
                .isEqualTo("hit");
        assertThat(client.get("/api/v1/test/whoami", bob).json().get("name").asText())
                .isEqualTo(names.get(bob));
    }

    @Test
    void aRoleScopedRouteIsSharedWithinARoleOnly() {
        String carol = client.createKey("carol-" + System.nanoTime(), "user");
        String dave = client.createKey("dave-" + System.nanoTime(), "user");
        int before = SOURCE.calls("role");

        assertThat(client.get("/api/v1/test/role", carol).json().get("role").asText())
                .isEqualTo("user");
        assertThat(client.get("/api/v1/test/role", dave).json().get("role").asText())
                .isEqualTo("user");
        assertThat(client.get("/api/v1/test/role").json().get("role").asText()).isEqualTo("admin");
        assertThat(SOURCE.calls("role")).isEqualTo(before + 2);
    }

    @Test
    void theCommandListIsCachedPerRoleSoAllowedIsAlwaysTheCallers() {
        String user = client.createKey("erin-" + System.nanoTime(), "user");
        for (int i = 0; i < 3; i++) {
            assertThat(allowed(client.get("/api/v1/commands"), "state.set")).isTrue();
            assertThat(allowed(client.get("/api/v1/commands", user), "state.set"))
                    .isFalse();
        }
        assertThat(client.get("/api/v1/commands", user).header("X-Helix-Cache")).isEqualTo("hit");
    }

    @Test
    void errorsAndStreamedResponsesAreServedButNeverKept() {
        int missing = SOURCE.calls("missing");
        int stream = SOURCE.calls("stream");
        for (int i = 0; i < 3; i++) {
            assertThat(client.get("/api/v1/test/missing").status()).isEqualTo(404);
            HelixClient.Reply streamed = client.get("/api/v1/test/stream");
            assertThat(streamed.status()).isEqualTo(200);
            assertThat(streamed.json().get("value").asLong()).isEqualTo(SOURCE.value.get());
        }
        assertThat(SOURCE.calls("missing")).isEqualTo(missing + 3);
        assertThat(SOURCE.calls("stream")).isEqualTo(stream + 3);
    }

    @Test
    void anAdminInvalidatesByTagAndOthersMayNot() {
        String user = client.createKey("frank-" + System.nanoTime(), "user");
        client.get("/api/v1/test/value");
        int before = SOURCE.calls("value");

        assertThat(client.delete("/api/v1/cache?tag=test", user).status()).isEqualTo(403);
        assertThat(client.get("/api/v1/test/value").header("X-Helix-Cache")).isEqualTo("hit");
        HelixClient.Reply done = client.delete("/api/v1/cache?tag=test", client.adminKey());
        assertThat(done.status()).isEqualTo(200);
        assertThat(done.json().get("invalidated").get(0).asText()).isEqualTo("test");
        assertThat(client.get("/api/v1/test/value").header("X-Helix-Cache")).isEqualTo("miss");
        assertThat(SOURCE.calls("value")).isEqualTo(before + 1);

        assertThat(client.delete("/api/v1/cache", client.adminKey()).status()).isEqualTo(400);
        assertThat(client.delete("/api/v1/cache?tag=Bad%20Tag", client.adminKey())
                        .status())
                .isEqualTo(400);
        assertThat(client.delete("/api/v1/cache?tag=nosuchtag", client.adminKey())
                        .json()
                        .get("detail")
                        .asText())
                .contains("unknown tag 'nosuchtag'")
                .contains("state");
    }

    @Test
    void hostileQueryStringsNeverMixBodiesAndCannotGrowMemoryPastItsBound() throws Exception {
        assertThat(client.get("/api/v1/test/echo?q=a").json().get("q").get(0).asText())
                .isEqualTo("a");
        assertThat(client.get("/api/v1/test/echo?q=b").json().get("q").get(0).asText())
                .isEqualTo("b");
        assertThat(client.get("/api/v1/test/echo?q=a&q=b").json().get("q")).hasSize(2);
        assertThat(client.get("/api/v1/test/echo?q=a%26q%3Db")
                        .json()
                        .get("q")
                        .get(0)
                        .asText())
                .isEqualTo("a&q=b");

        String huge = "/api/v1/test/echo?q=" + "z".repeat(1500);
        int before = SOURCE.calls("echo");
        assertThat(client.get(huge).status()).isEqualTo(200);
        assertThat(client.get(huge).header("X-Helix-Cache")).isNull();
        assertThat(SOURCE.calls("echo")).isEqualTo(before + 2);
        String many = "/api/v1/test/echo?" + "q=1&".repeat(40);
        assertThat(client.get(many).json().get("q")).hasSize(40);

        concurrently(
                3000,
                i -> client.get("/api/v1/test/echo?q=" + i + "&pad=" + "p".repeat(200))
                        .status());
        // evictions run in the background, right after the writes
        JsonNode memory = Await.until(
                Duration.ofSeconds(10),
                () -> client.get("/api/v1/cache/stats").json().get("caches").get("memory"),
                m -> m.get("bytes").asLong() <= 256 * 1024);
        assertThat(memory.get("evictions").asLong()).isPositive();
    }

    @Test
    void staleWhileRevalidateServesTheOldBodyWhileOneRequestRefreshes() throws Exception {
        client.get("/api/v1/test/swr");
        int before = SOURCE.calls("swr");
        Thread.sleep(150); // past the 100 ms ttl, inside the stale window
        SOURCE.value.incrementAndGet();

        List<String> results =
                concurrently(8, i -> client.get("/api/v1/test/swr").header("X-Helix-Cache"));

        assertThat(results).contains("stale").contains("miss");
        assertThat(SOURCE.calls("swr")).isEqualTo(before + 1);
        assertThat(client.get("/api/v1/test/swr").json().get("value").asLong()).isEqualTo(SOURCE.value.get());
    }

    @Test
    void statsAndMetricsCountHitsMissesAndLoads() {
        client.get("/api/v1/test/value");
        client.get("/api/v1/test/value");

        JsonNode stats = client.get("/api/v1/cache/stats").json();
        assertThat(stats.get("enabled").asBoolean()).isTrue();
        JsonNode memory = stats.get("caches").get("memory");
        assertThat(memory.get("hits").asLong()).isPositive();
        assertThat(memory.get("entries").asLong()).isPositive();
        assertThat(memory.has("evictions")).isTrue();
        JsonNode route = null;
        for (JsonNode r : stats.get("routes")) {
            if (r.get("route").asText().equals("/api/v1/test/value")) {
                route = r;
            }
        }
        assertThat(route).isNotNull();
        assertThat(route.get("hits").asLong()).isPositive();
        assertThat(route.get("misses").asLong()).isPositive();
        assertThat(route.get("hitRate").asDouble()).isBetween(0.0, 1.0);
        assertThat(route.get("loads").asLong()).isPositive();
        assertThat(route.get("tags").get(0).asText()).isEqualTo("test");
        assertThat(stats.get("invalidations").get("admin").asLong()).isPositive();

        String metrics = client.get("/metrics").body();
        assertThat(metrics)
                .contains("helix_cache_requests_total{")
                .contains("result=\"hit\"")
                .contains("route=\"/api/v1/test/value\"")
                .contains("helix_cache_load_seconds_count{")
                .contains("helix_cache_evictions_total")
                .contains("helix_cache_size");
    }

    private HelixClient.Reply get(String path, String... headers) {
        return client.send("GET", path, client.adminKey(), null, null, headers);
    }

    private static boolean allowed(HelixClient.Reply reply, String command) {
        for (JsonNode c : reply.json().get("data")) {
            if (c.get("name").asText().equals(command)) {
                return c.get("allowed").asBoolean();
            }
        }
        throw new AssertionError("no command " + command + " in " + reply.body());
    }

    interface Call<T> {
        T run(int i) throws Exception;
    }

    static <T> List<T> concurrently(int n, Call<T> call) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(Math.min(n, 32))) {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(pool.submit(() -> call.run(index)));
            }
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) {
                out.add(f.get());
            }
            return out;
        }
    }
}
