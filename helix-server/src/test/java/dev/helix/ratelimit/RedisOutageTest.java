package dev.helix.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.testing.Await;
import dev.helix.testing.HelixClient;
import dev.helix.testing.HelixServerExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Objects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.RedisClient;

/**
 * Redis failing under the rate limits: never reachable, dying mid-test and freezing mid-test (through a TCP proxy in
 * front of the local Redis, database 11). Requests keep being served from this node's buckets, never with a 5xx, and
 * the shared buckets are used again once Redis answers.
 */
@Timeout(90)
class RedisOutageTest {
    private static final int DB = 11;
    private static final TcpProxy PROXY = proxy();

    @RegisterExtension
    static HelixServerExtension unreachable = new HelixServerExtension()
            .config(LimitsFixture.with("redis.url=redis://127.0.0.1:1", "limits.defaultRate=3/1h"));

    @RegisterExtension
    static HelixServerExtension proxied = new HelixServerExtension()
            .config(LimitsFixture.with(
                    "redis.url=redis://127.0.0.1:" + PROXY.port() + "/" + DB,
                    "limits.defaultRate=1000/1h",
                    "limits.redisTimeout=200ms"));

    private static TcpProxy proxy() {
        try {
            return new TcpProxy(6379);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stopProxy() throws IOException {
        PROXY.close();
    }

    @Test
    void withRedisUnreachableFromTheStartTheNodesOwnBucketsLimitAndItStaysReady() {
        HelixClient client = unreachable.client();
        String key = client.createKey("no-redis", "user");
        for (int i = 0; i < 3; i++) {
            assertThat(client.get("/api/v1/me", key).status()).isEqualTo(200);
        }
        assertThat(client.get("/api/v1/me", key).status()).isEqualTo(429);
        HelixClient.Reply ready = client.get("/health/ready", null);
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json().get("checks").get("redis").get("status").asText())
                .isEqualTo("DEGRADED");
        assertThat(client.get("/metrics").body()).containsPattern("(?m)^helix_ratelimit_fallbacks_total [1-9]");
        assertThat(LimitsFixture.metric(client, "helix_ratelimit_rejections_total", "default"))
                .isEqualTo(1.0);
    }

    @Test
    void redisDyingOrFreezingMidTestCostsNo5xxAndSharingResumesWhenItAnswers() throws IOException {
        try (RedisClient redis = LimitsFixture.redis(DB)) {
            HelixClient client = proxied.client();
            JsonNode created = client.postJson("/api/v1/keys", "{\"name\":\"outage\",\"role\":\"user\"}")
                    .json();
            String key = created.get("key").asText();
            String bucket = RedisBuckets.PREFIX + "default:" + created.get("id").asText();
            assertThat(client.get("/api/v1/me", key).status()).isEqualTo(200);
            assertThat(redis.exists(bucket))
                    .as("counted in Redis while it answers")
                    .isTrue();

            PROXY.cut();
            servedLocally(client, key, redis, bucket);
            PROXY.forward();
            awaitShared(client, key, redis, bucket);

            PROXY.hang();
            servedLocally(client, key, redis, bucket);
            PROXY.forward();
            awaitShared(client, key, redis, bucket);
        }
    }

    /** Requests are all served while Redis's copy of the bucket does not move. */
    private static void servedLocally(HelixClient client, String key, RedisClient redis, String bucket) {
        String before = redis.hget(bucket, "d");
        for (int i = 0; i < 20; i++) {
            HelixClient.Reply r = client.get("/api/v1/me", key);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.header("RateLimit")).startsWith("\"default\";r=");
        }
        assertThat(redis.hget(bucket, "d")).as("nothing reached Redis").isEqualTo(before);
    }

    /** Polls until a request is counted in Redis again (Redis is probed once a second while it is down). */
    private static void awaitShared(HelixClient client, String key, RedisClient redis, String bucket) {
        String before = redis.hget(bucket, "d");
        Await.until("rate limits to be counted in Redis again", Duration.ofSeconds(20), () -> {
            assertThat(client.get("/api/v1/me", key).status()).isEqualTo(200);
            return !Objects.equals(redis.hget(bucket, "d"), before);
        });
    }
}
