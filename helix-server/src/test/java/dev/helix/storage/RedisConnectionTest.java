package dev.helix.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.helix.config.HelixConfig;
import dev.helix.health.HealthCheck;
import org.junit.jupiter.api.Test;

/** The shared Redis client against the real local Redis, and against a port where nothing listens. */
class RedisConnectionTest {
    @Test
    void noUrlMeansNoRedis() {
        assertThat(RedisConnection.open(new HelixConfig.Redis(""))).isEmpty();
    }

    @Test
    void talksToTheLocalRedisAndIsHealthy() {
        try (RedisConnection redis = RedisConnection.open(new HelixConfig.Redis("redis://127.0.0.1:6379/2"))
                .orElseThrow()) {
            redis.client().set("helix:test:redis-connection", "ok");
            assertThat(redis.client().get("helix:test:redis-connection")).isEqualTo("ok");
            redis.client().del("helix:test:redis-connection");
            assertThatCode(() -> redis.health().check()).doesNotThrowAnyException();
            assertThat(redis.describe()).isEqualTo("redis://127.0.0.1:6379");
        }
    }

    @Test
    void anUnreachableRedisIsDegradedNotDownAndTheUrlHidesThePassword() {
        try (RedisConnection redis = RedisConnection.open(new HelixConfig.Redis("redis://:s3cret@127.0.0.1:1"))
                .orElseThrow()) {
            assertThatThrownBy(() -> redis.health().check())
                    .isInstanceOf(HealthCheck.Degraded.class)
                    .hasMessageContaining("127.0.0.1:1")
                    .hasMessageNotContaining("s3cret");
        }
    }
}
