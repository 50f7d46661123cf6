package dev.helix.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helix.config.HelixConfig;
import dev.helix.config.Rate;
import dev.helix.config.RouteClass;
import dev.helix.storage.RedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.RedisClient;

/** The Redis token bucket script against the local Redis (database 9), on keys of its own. */
@Timeout(60)
class RedisBucketsTest {
    private static final int DB = 9;
    private static RedisClient direct;
    private static RedisConnection connection;
    private static RedisBuckets buckets;

    @BeforeAll
    static void connect() {
        direct = LimitsFixture.redis(DB);
        connection = RedisConnection.open(new HelixConfig.Redis(LimitsFixture.REDIS + "/" + DB))
                .orElseThrow();
        buckets = new RedisBuckets(connection);
    }

    @AfterAll
    static void close() {
        if (connection != null) {
            connection.close();
            direct.close();
        }
    }

    private static String caller() {
        return "key_test_" + UUID.randomUUID();
    }

    @Test
    void aCheckCanNeedSomeUnitsChargeOthersAndGiveThemBack() {
        String bucket = "test:" + caller();
        Rate rate = Rate.parse("10/1h");
        assertThat(buckets.take(bucket, rate, 3, 5).remaining()).isEqualTo(5);
        Verdict refused = buckets.take(bucket, rate, 6, 6);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.remaining()).as("a refusal charges nothing").isEqualTo(5);
        assertThat(buckets.take(bucket, rate, 0, 12).remaining())
                .as("debt beyond the quota")
                .isEqualTo(-7);
        assertThat(buckets.take(bucket, rate, 0, -17).remaining()).isEqualTo(10);
        assertThat(buckets.take(bucket, rate, 0, -5).remaining())
                .as("never above the quota")
                .isEqualTo(10);
    }

    @Test
    void theQuotaIsExactThenTheRefusalSaysHowLongToWait() {
        String who = caller();
        Rate rate = Rate.parse("5/1h");
        for (long remaining = 4; remaining >= 0; remaining--) {
            Verdict v = buckets.take(RouteClass.DEFAULT, rate, who);
            assertThat(v.allowed()).isTrue();
            assertThat(v.remaining()).isEqualTo(remaining);
            assertThat(v.nanosToNext())
                    .isPositive()
                    .isLessThanOrEqualTo(Duration.ofMinutes(12).toNanos());
        }
        Verdict refused = buckets.take(RouteClass.DEFAULT, rate, who);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.nanosToNext())
                .isPositive()
                .isLessThanOrEqualTo(Duration.ofMinutes(12).toNanos());
    }

    @Test
    void bucketsAreNamespacedAndExpireWhenTheyWouldBeFull() {
        String who = caller();
        buckets.take(RouteClass.GATEWAY, Rate.parse("10/1m"), who);
        String key = RedisBuckets.PREFIX + "gateway:" + who;
        assertThat(direct.exists(key)).isTrue();
        assertThat(direct.pttl(key)).isPositive().isLessThanOrEqualTo(6_000 + 1_000);
        assertThat(direct.hgetAll(key)).containsOnlyKeys("d", "t");
    }

    @Test
    void concurrentTakesFromManyThreadsNeverExceedTheQuota() throws Exception {
        String who = caller();
        Rate rate = Rate.parse("100/1d");
        List<Callable<Boolean>> calls = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            calls.add(() -> buckets.take(RouteClass.COMMANDS, rate, who).allowed());
        }
        int allowed = 0;
        try (ExecutorService pool = Executors.newFixedThreadPool(32)) {
            for (Future<Boolean> f : pool.invokeAll(calls)) {
                allowed += f.get() ? 1 : 0;
            }
        }
        assertThat(allowed).isEqualTo(100);
    }
}
