package dev.helix.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helix.Helix;
import dev.helix.auth.KeySecrets;
import dev.helix.config.HelixConfig;
import dev.helix.internal.Folders;
import dev.helix.testing.HelixClient;
import dev.helix.testing.HelixServerExtension;
import dev.helix.testing.TestServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.RedisClient;

/**
 * Two Helix nodes sharing PostgreSQL and Redis (database 10): a key's rate holds across both, exactly. The rate is
 * hourly so that no unit comes back while the test runs (one every three minutes), and Redis gets a generous time
 * limit so that only a real outage, never a busy test machine, could make a node count on its own.
 */
@Timeout(120)
class SharedLimitsTest {
    private static final int DB = 10;
    private static final int QUOTA = 20;

    @Test
    void concurrentRequestsToTwoNodesNeverGetMoreThanTheQuotaBetweenThem() throws Exception {
        String url = TestServices.postgresSchemaUrl();
        String admin = KeySecrets.generate();
        Path dirA = Files.createTempDirectory("helix-rl-a");
        Path dirB = Files.createTempDirectory("helix-rl-b");
        try (RedisClient redis = LimitsFixture.redis(DB);
                Helix a = Helix.create(node(dirA, admin, url)).start();
                Helix b = Helix.create(node(dirB, admin, url)).start()) {
            HelixClient clientA = new HelixClient("http://127.0.0.1:" + a.port(), admin);
            HelixClient clientB = new HelixClient("http://127.0.0.1:" + b.port(), admin);
            HelixClient.Reply created = clientA.postJson("/api/v1/keys", "{\"name\":\"shared\",\"role\":\"user\"}");
            String key = created.json().get("key").asText();
            String keyId = created.json().get("id").asText();

            Map<Integer, Integer> statuses = hammer(List.of(clientA, clientB), key, 4 * QUOTA);

            assertThat(statuses).containsOnlyKeys(200, 429);
            assertThat(statuses.get(200))
                    .as("requests admitted by both nodes together")
                    .isEqualTo(QUOTA);
            assertThat(redis.exists(RedisBuckets.PREFIX + "default:" + keyId)).isTrue();
            HelixClient.Reply last = clientB.get("/api/v1/me", key);
            assertThat(last.status()).isEqualTo(429);
            assertThat(last.header("RateLimit")).startsWith("\"default\";r=0;");
        } finally {
            TestServices.dropSchema(url);
            Folders.deleteTree(dirA);
            Folders.deleteTree(dirB);
        }
    }

    /** Sends {@code total} requests, alternating between the nodes, 16 at a time; counts the statuses. */
    private static Map<Integer, Integer> hammer(List<HelixClient> nodes, String key, int total) throws Exception {
        List<Future<Integer>> replies = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            for (int i = 0; i < total; i++) {
                HelixClient node = nodes.get(i % nodes.size());
                replies.add(pool.submit(() -> node.get("/api/v1/me", key).status()));
            }
            Map<Integer, Integer> statuses = new TreeMap<>();
            for (Future<Integer> r : replies) {
                statuses.merge(r.get(), 1, Integer::sum);
            }
            return statuses;
        }
    }

    private static HelixConfig node(Path dir, String admin, String url) {
        HelixConfig c = HelixServerExtension.testConfig(dir, admin);
        return LimitsFixture.with(
                        "redis.url=" + LimitsFixture.REDIS + "/" + DB,
                        "limits.defaultRate=" + QUOTA + "/1h",
                        "limits.redisTimeout=5s")
                .apply(c.toBuilder().storage(s -> s.databaseUrl(url)).build());
    }
}
