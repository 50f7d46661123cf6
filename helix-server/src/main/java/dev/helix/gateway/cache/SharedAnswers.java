package dev.helix.gateway.cache;

import dev.helix.storage.RedisCalls;
import dev.helix.storage.RedisConnection;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.params.SetParams;

/**
 * The LLM answer cache's second tier, in Redis, so every node serves what any node cached: a lookup after a miss in
 * memory waits at most the timeout ({@code caching.redisTimeout}); a store is sent without waiting. While Redis does
 * not answer each node caches on its own ({@link RedisCalls}). Keys are the answer's cache key (a SHA-256 that
 * includes the API key), so nodes share answers per key exactly as one node does.
 */
public final class SharedAnswers {
    private final RedisConnection redis;
    private final RedisCalls calls;
    private final String prefix;

    /**
     * Answers in {@code redis} under {@code <prefix>:llm:<cache key>} ({@code caching.redisPrefix}), each lookup
     * given up after {@code timeout}.
     */
    public SharedAnswers(RedisConnection redis, String prefix, Duration timeout) {
        this.redis = redis;
        this.prefix = prefix + ":llm:";
        this.calls = new RedisCalls(redis, "the LLM answer cache's nodes", timeout);
    }

    /** The answer Redis holds under {@code key}; null if none, if it cannot be read, or if Redis does not answer. */
    ResponseCache.@Nullable Answer get(String key) {
        byte[] stored = calls.call(() -> redis.client().get(redisKey(key)));
        return stored == null ? null : AnswerCodec.decode(stored);
    }

    /** Stores {@code answer} for {@code ttl}, without waiting. */
    void put(String key, ResponseCache.Answer answer, Duration ttl) {
        byte[] encoded;
        try {
            encoded = AnswerCodec.encode(answer);
        } catch (UncheckedIOException e) {
            return; // a deployment name too long for the encoding: kept in memory only
        }
        calls.send(() ->
                redis.client().set(redisKey(key), encoded, SetParams.setParams().px(ttl.toMillis())));
    }

    private byte[] redisKey(String key) {
        return (prefix + key).getBytes(StandardCharsets.UTF_8);
    }
}
