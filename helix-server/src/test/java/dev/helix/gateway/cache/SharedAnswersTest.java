package dev.helix.gateway.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helix.config.HelixConfig;
import dev.helix.gateway.config.GatewayConfig;
import dev.helix.storage.RedisConnection;
import dev.helix.testing.Await;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.RedisClient;

/** The LLM answer cache shared by two nodes through the local Redis (database 9), and without Redis. */
@Timeout(60)
class SharedAnswersTest {
    private static final String REDIS = "redis://127.0.0.1:6379/9";
    private static final GatewayConfig.CacheSettings SETTINGS =
            new GatewayConfig.CacheSettings(true, Duration.ofMinutes(1), 100);
    private final String prefix = "helix-test-" + UUID.randomUUID();
    private final List<RedisConnection> connections = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        try (RedisClient direct = RedisClient.create(java.net.URI.create(REDIS))) {
            direct.keys(prefix + ":*").forEach(direct::del);
        }
        connections.forEach(RedisConnection::close);
    }

    private ResponseCache node(String url, Duration timeout) {
        RedisConnection redis = RedisConnection.open(new HelixConfig.Redis(url)).orElseThrow();
        connections.add(redis);
        return new ResponseCache(SETTINGS, new SharedAnswers(redis, prefix, timeout));
    }

    @Test
    void anAnswerCachedByOneNodeIsServedByAnother() throws Exception {
        ResponseCache first = node(REDIS, Duration.ofSeconds(1));
        ResponseCache second = node(REDIS, Duration.ofSeconds(1));
        byte[] body = "{\"choices\":[]}".getBytes(StandardCharsets.UTF_8);
        first.put("k1", new ResponseCache.Answer(body, List.of(), "openai/gpt"));
        List<byte[]> chunks = List.of(
                "{\"a\":1}".getBytes(StandardCharsets.UTF_8),
                new byte[0],
                "{\"b\":2}".getBytes(StandardCharsets.UTF_8));
        first.put("k2", new ResponseCache.Answer(null, chunks, "anthropic/claude"));

        ResponseCache.Answer complete = Await.until(() -> second.get("k1").orElse(null), Objects::nonNull);
        assertThat(complete).isNotNull();
        assertThat(complete.body()).isEqualTo(body);
        assertThat(complete.deployment()).isEqualTo("openai/gpt");
        ResponseCache.Answer stream = Await.until(() -> second.get("k2").orElse(null), Objects::nonNull);
        assertThat(stream.body()).isNull();
        assertThat(stream.chunks()).hasSize(3);
        for (int i = 0; i < chunks.size(); i++) {
            assertThat(stream.chunks().get(i)).isEqualTo(chunks.get(i));
        }
        assertThat(second.size()).as("kept in the second node's memory too").isEqualTo(2);
        assertThat(second.get("k3")).isEmpty();
    }

    @Test
    void withRedisUnreachableEachNodeCachesOnItsOwn() throws Exception {
        int deadPort;
        try (ServerSocket s = new ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        ResponseCache node = node("redis://127.0.0.1:" + deadPort, Duration.ofMillis(200));
        assertThat(node.get("missing")).isEmpty();
        node.put("k", new ResponseCache.Answer(new byte[] {'1'}, List.of(), "d"));
        assertThat(node.get("k")).isPresent();
    }

    @Test
    void storedBytesThatAreNotAWholeAnswerAreNoEntry() {
        byte[] good = AnswerCodec.encode(new ResponseCache.Answer(null, List.of(new byte[] {1, 2}), "d"));
        assertThat(AnswerCodec.decode(good)).isNotNull();
        assertThat(AnswerCodec.decode(Arrays.copyOf(good, good.length - 1)))
                .as("truncated")
                .isNull();
        assertThat(AnswerCodec.decode(Arrays.copyOf(good, good.length + 1)))
                .as("trailing bytes")
                .isNull();
        assertThat(AnswerCodec.decode(new byte[0])).isNull();
        byte[] otherVersion = good.clone();
        otherVersion[0] = 9;
        assertThat(AnswerCodec.decode(otherVersion)).isNull();
        byte[] huge = {1, 0, 1, 'd', 0, 0x7f, 0, 0, 0};
        assertThat(AnswerCodec.decode(huge))
                .as("a length beyond the entry limit")
                .isNull();
    }
}
