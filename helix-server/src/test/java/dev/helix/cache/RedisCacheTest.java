package dev.helix.cache;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.Helix;
import dev.helix.auth.KeySecrets;
import dev.helix.bus.Event;
import dev.helix.config.HelixConfig;
import dev.helix.internal.Folders;
import dev.helix.testing.Await;
import dev.helix.testing.HelixClient;
import dev.helix.testing.HelixServerExtension;
import dev.helix.testing.LocalRedis;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.RedisClient;

/**
 * The response cache on several nodes sharing Redis (issue 5): a new node starts warm, invalidations reach every
 * node, racing invalidations never let a node serve a body older than a write it has acknowledged, and Redis dying
 * or stalling only costs the shared level — Helix keeps serving, reports DEGRADED, logs once and recovers.
 * The nodes share a {@link TestSource} in this JVM, which stands for the database they would share.
 */
@Timeout(120)
class RedisCacheTest {
    private final String key = KeySecrets.generate();
    private final List<Helix> nodes = new ArrayList<>();
    private final List<Path> dirs = new ArrayList<>();
    private final List<String> sharedPrefixes = new ArrayList<>();

    @AfterEach
    void stopNodes() throws Exception {
        nodes.forEach(Helix::stop);
        for (Path dir : dirs) {
            Folders.deleteTree(dir);
        }
        if (!sharedPrefixes.isEmpty()) {
            try (RedisClient redis = RedisClient.create(URI.create(LocalRedis.shared(5)))) {
                for (String prefix : sharedPrefixes) {
                    redis.keys(prefix + ":*").forEach(redis::del);
                }
            }
        }
    }

    /** A prefix of keys in the machine's Redis (database 5), deleted after the test. */
    private String sharedPrefix() {
        String prefix = LocalRedis.uniquePrefix();
        sharedPrefixes.add(prefix);
        return prefix;
    }

    private HelixClient node(TestSource source, String redisUrl, String prefix) throws Exception {
        Path dir = Files.createTempDirectory("helix-cache-node");
        dirs.add(dir);
        HelixConfig c = HelixServerExtension.testConfig(dir, key);
        HelixConfig config = c.toBuilder()
                .redis(new HelixConfig.Redis(redisUrl))
                .caching(TestSource.caching().toBuilder()
                        .redis(true)
                        .redisPrefix(prefix)
                        .redisTimeout(Duration.ofMillis(50))
                        .build())
                .build();
        Helix helix = Helix.create(config, Clock.systemUTC(), List.of(source)).start();
        nodes.add(helix);
        HelixClient client = new HelixClient("http://127.0.0.1:" + helix.port(), key);
        Await.until("the node uses Redis", () -> redisStatus(client).equals("UP"));
        return client;
    }

    @Test
    void aNewNodeStartsWarmFromWhatAnotherNodeLoaded() throws Exception {
        TestSource source = new TestSource();
        String url = LocalRedis.shared(5);
        String prefix = sharedPrefix();
        HelixClient a = node(source, url, prefix);
        assertThat(a.get("/api/v1/test/value").header("X-Helix-Cache")).isEqualTo("miss");
        Await.until(
                "the response reaches Redis",
                () -> stats(a).get("caches").get("redis").get("writes").asLong() > 0);

        HelixClient b = node(source, url, prefix);
        HelixClient.Reply warm = b.get("/api/v1/test/value");

        assertThat(warm.header("X-Helix-Cache")).isEqualTo("hit");
        assertThat(warm.header("ETag")).isEqualTo(a.get("/api/v1/test/value").header("ETag"));
        assertThat(source.calls("value")).isEqualTo(1);
        assertThat(stats(b).get("caches").get("redis").get("hits").asLong()).isEqualTo(1);
    }

    @Test
    void anInvalidationOnOneNodeReachesTheOthers() throws Exception {
        TestSource source = new TestSource();
        String url = LocalRedis.shared(5);
        String prefix = sharedPrefix();
        HelixClient a = node(source, url, prefix);
        HelixClient b = node(source, url, prefix);
        for (int round = 0; round < 10; round++) {
            a.get("/api/v1/test/value");
            b.get("/api/v1/test/value");
            assertThat(b.get("/api/v1/test/value").header("X-Helix-Cache")).isEqualTo("hit");
            long v = source.value.incrementAndGet();
            long start = System.nanoTime();
            if (round % 2 == 0) {
                assertThat(a.delete("/api/v1/cache?tag=test", key).status()).isEqualTo(200);
            } else {
                nodes.getFirst().bus().publish(new Event("test.changed", "test", Map.of(), Instant.now()));
            }
            assertThat(value(a)).isEqualTo(v);
            Await.until("node b serves the new value", () -> value(b) == v);
            System.out.printf(
                    "invalidation reached the other node within %.1f ms%n", (System.nanoTime() - start) / 1e6);
        }
    }

    @Test
    void racingInvalidationsOnTwoNodesNeverServeABodyOlderThanAnAcknowledgedWrite() throws Exception {
        TestSource source = new TestSource();
        String url = LocalRedis.shared(5);
        String prefix = sharedPrefix();
        List<HelixClient> both = List.of(node(source, url, prefix), node(source, url, prefix));
        try (ExecutorService pool = Executors.newFixedThreadPool(6)) {
            List<Future<?>> work = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                HelixClient on = both.get(w % 2);
                work.add(pool.submit(() -> {
                    for (int i = 0; i < 40; i++) {
                        long v = source.value.incrementAndGet();
                        assertThat(on.delete("/api/v1/cache?tag=test", key).status())
                                .isEqualTo(200);
                        assertThat(value(on)).isGreaterThanOrEqualTo(v);
                    }
                    return null;
                }));
            }
            for (int r = 0; r < 2; r++) {
                HelixClient on = both.get(r);
                work.add(pool.submit(() -> {
                    for (int i = 0; i < 200; i++) {
                        assertThat(value(on)).isBetween(0L, source.value.get());
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
        }
        long last = source.value.get();
        for (HelixClient c : both) {
            Await.until("every node converges on the last value", () -> value(c) == last);
        }
    }

    @Test
    void redisKilledMidTestCostsOnlyTheSharedLevelAndComesBackByItself() throws Exception {
        Logger tierLog = (Logger) LoggerFactory.getLogger(RedisTier.class);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        tierLog.addAppender(log);
        TestSource source = new TestSource();
        try (LocalRedis redis = LocalRedis.start()) {
            HelixClient a = node(source, redis.url(), "kill");
            a.get("/api/v1/test/value");

            redis.kill();
            for (int i = 0; i < 20; i++) {
                assertThat(value(a)).isEqualTo(source.value.get());
                assertThat(a.get("/api/v1/test/echo?q=" + i).status()).isEqualTo(200);
            }
            Await.until(
                    "ready says DEGRADED", () -> a.get("/health/ready").body().contains("\"DEGRADED\""));
            assertThat(a.get("/health/ready").status()).isEqualTo(200);
            long v = source.value.incrementAndGet();
            assertThat(a.delete("/api/v1/cache?tag=test", key).status()).isEqualTo(200);
            assertThat(value(a)).isEqualTo(v);
            assertThat(warnings(log)).isEqualTo(1);

            redis.restart();
            Await.until("the cache uses Redis again", () -> redisStatus(a).equals("UP"));
            Await.until(
                    "ready says UP",
                    () -> a.get("/health/ready").json().get("status").asText().equals("UP"));
            assertThat(redis.command("GET kill:t:test")).isNotEqualTo("$-1");
            assertThat(value(a)).isEqualTo(v);
        } finally {
            tierLog.detachAppender(log);
        }
    }

    @Test
    void aStalledRedisIsBypassedWithinItsTimeoutAndUsedAgainWhenItAnswers() throws Exception {
        TestSource source = new TestSource();
        try (LocalRedis redis = LocalRedis.start()) {
            HelixClient a = node(source, redis.url(), "stall");
            assertThat(redis.command("CLIENT PAUSE 3000 ALL")).isEqualTo("+OK");
            for (int i = 0; i < 10; i++) {
                HelixClient.Reply r = a.get("/api/v1/test/echo?q=" + i);
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.json().get("q").get(0).asText()).isEqualTo(Integer.toString(i));
            }
            assertThat(redisStatus(a)).isEqualTo("DEGRADED");
            Await.until("the cache uses Redis again", () -> redisStatus(a).equals("UP"));
            assertThat(a.get("/api/v1/test/echo?q=after").status()).isEqualTo(200);
        }
    }

    private static long warnings(ListAppender<ILoggingEvent> log) {
        return log.list.stream().filter(e -> e.getLevel() == Level.WARN).count();
    }

    private static long value(HelixClient client) {
        HelixClient.Reply r = client.get("/api/v1/test/value");
        assertThat(r.status()).isEqualTo(200);
        return r.json().get("value").asLong();
    }

    private static JsonNode stats(HelixClient client) {
        return client.get("/api/v1/cache/stats").json();
    }

    private static String redisStatus(HelixClient client) {
        JsonNode redis = stats(client).get("caches").get("redis");
        return redis.has("status") ? redis.get("status").asText() : "OFF";
    }
}
