package dev.helix.gateway.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.helix.auth.KeyLimits;
import dev.helix.config.HelixConfig;
import dev.helix.ratelimit.SharedBuckets;
import dev.helix.storage.RedisConnection;
import dev.helix.testing.Await;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Requests and tokens per minute held across nodes: two accountings (two Helix nodes) sharing one database and the
 * local Redis (database 9) count against one limit; with Redis unreachable each node counts on its own.
 */
@Timeout(60)
class SharedKeyLimitsTest extends AccountingFixture {
    private static final String REDIS = "redis://127.0.0.1:6379/9";
    private final List<RedisConnection> connections = new ArrayList<>();

    @BeforeEach
    void openDatabase() {
        open("sqlite");
    }

    @AfterEach
    void closeRedis() {
        connections.forEach(RedisConnection::close);
    }

    private Accounting node(String redisUrl) {
        RedisConnection redis =
                RedisConnection.open(new HelixConfig.Redis(redisUrl)).orElseThrow();
        connections.add(redis);
        return new Accounting(
                db,
                keys,
                clock,
                registry,
                Accounting.Settings.DEFAULTS,
                Optional.of(new SharedBuckets(redis, "test limits", Duration.ofSeconds(2))));
    }

    /** Whether {@code node} admits the request now rather than refusing it over a limit. */
    private static boolean admits(Accounting node, String key, String requestId, long tokens) {
        try {
            node.admit(key, requestId, tokens);
            return true;
        } catch (LimitExceededException notYet) {
            return false;
        }
    }

    @Test
    void requestsPerMinuteHoldAcrossNodesExactlyUnderConcurrency() throws Exception {
        String key = key(new KeyLimits(null, null, 20, null));
        Accounting first = node(REDIS);
        Accounting second = node(REDIS);
        List<Callable<Boolean>> calls = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            Accounting node = i % 2 == 0 ? first : second;
            calls.add(() -> {
                try {
                    node.admit(key, null, 1);
                    return true;
                } catch (LimitExceededException e) {
                    return false;
                }
            });
        }
        int admitted = 0;
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (Future<Boolean> f : pool.invokeAll(calls)) {
                admitted += f.get() ? 1 : 0;
            }
        }
        // 20 a minute in total, not 20 per node (a refill of one more needs 3 s; the test takes far less)
        assertThat(admitted).isEqualTo(20);
        LimitExceededException e = catchThrowableOfType(LimitExceededException.class, () -> second.admit(key, null, 1));
        assertThat(e.kind()).isEqualTo(LimitExceededException.RPM);
        assertThat(e.limit()).isEqualTo(20.0);
    }

    @Test
    void tokensPerMinuteAreSharedAndCorrectedToTheRealUsage() throws Exception {
        String key = key(new KeyLimits(null, null, null, 10_000));
        Accounting first = node(REDIS);
        Accounting second = node(REDIS);
        first.admit(key, "r1", 4_000);
        second.admit(key, "r2", 4_000);
        LimitExceededException e =
                catchThrowableOfType(LimitExceededException.class, () -> first.admit(key, "r3", 4_000));
        assertThat(e.kind()).isEqualTo(LimitExceededException.TPM);
        assertThat(e.current()).isBetween(7_900.0, 8_000.0);

        // r1 used 150 tokens, not 4,000: the 3,850 given back reach Redis without the caller waiting for it
        first.record(usage(key, "r1", 0.01));
        Await.until("the correction to reach Redis", Duration.ofSeconds(5), () -> admits(second, key, "r4", 4_000));
        assertThatThrownBy(() -> first.admit(key, "r5", 4_000)).isInstanceOf(LimitExceededException.class);
    }

    @Test
    void withRedisUnreachableEachNodeCountsOnItsOwn() throws Exception {
        int deadPort;
        try (ServerSocket s = new ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        String key = key(new KeyLimits(null, null, 3, null));
        Accounting node = node("redis://127.0.0.1:" + deadPort + "/9");
        for (int i = 0; i < 3; i++) {
            node.admit(key, null, 1);
        }
        assertThatThrownBy(() -> node.admit(key, null, 1))
                .isInstanceOf(LimitExceededException.class)
                .hasMessageContaining("3 requests per minute (rpm)");
    }
}
