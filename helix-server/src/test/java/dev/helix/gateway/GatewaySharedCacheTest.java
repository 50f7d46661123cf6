package dev.helix.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helix.config.HelixConfig;
import dev.helix.testing.Await;
import dev.helix.testing.HelixClient;
import dev.helix.testing.LocalRedis;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.RedisClient;

/** With Redis configured, the gateway's cached answers are written there for the other nodes (database 5). */
@Timeout(60)
class GatewaySharedCacheTest {
    private static final String PREFIX = LocalRedis.uniquePrefix();
    private static final String REDIS = LocalRedis.shared(5);

    @RegisterExtension
    static final GatewayServer server = new GatewayServer(c -> c.toBuilder()
            .redis(new HelixConfig.Redis(REDIS))
            .caching(c.caching().toBuilder()
                    .redis(true)
                    .redisPrefix(PREFIX)
                    .redisTimeout(Duration.ofMillis(200))
                    .build())
            .build());

    @AfterAll
    static void deleteKeys() {
        try (RedisClient redis = RedisClient.create(URI.create(REDIS))) {
            redis.keys(PREFIX + ":*").forEach(redis::del);
        }
    }

    @Test
    void aCachedAnswerIsSharedThroughRedisWithItsTtl() throws Exception {
        HelixClient client = server.client();
        String body = GatewayTest.chat("fast", ",\"temperature\":0,\"user\":\"shared-cache\"");
        HelixClient.Reply first =
                client.send("POST", "/v1/chat/completions", client.adminKey(), "application/json", body);
        assertThat(first.header("x-helix-cache")).isEqualTo("miss");
        try (RedisClient redis = RedisClient.create(URI.create(REDIS))) {
            Set<String> keys =
                    Await.until(Duration.ofSeconds(5), () -> redis.keys(PREFIX + ":llm:*"), k -> !k.isEmpty());
            assertThat(keys).hasSize(1);
            long ttl = redis.pttl(keys.iterator().next());
            assertThat(ttl)
                    .as("the gateway cache's TTL (10 minutes by default)")
                    .isPositive()
                    .isLessThanOrEqualTo(Duration.ofMinutes(10).toMillis());
        }
        HelixClient.Reply second =
                client.send("POST", "/v1/chat/completions", client.adminKey(), "application/json", body);
        assertThat(second.header("x-helix-cache")).isEqualTo("hit");
        assertThat(second.body()).isEqualTo(first.body());
    }
}
