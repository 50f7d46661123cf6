package dev.helix.ratelimit;

import dev.helix.config.ConfigLoader;
import dev.helix.config.HelixConfig;
import dev.helix.testing.HelixClient;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import redis.clients.jedis.RedisClient;

/** Helpers for the rate-limit tests: configuration by key, the local Redis, metrics and polling. */
final class LimitsFixture {
    static final String REDIS = "redis://127.0.0.1:6379";

    private LimitsFixture() {}

    /**
     * Adjusts a test configuration with {@code key=value} settings as {@code --set} would, keeping the test's server,
     * storage, auth, state and real-time sections.
     */
    static UnaryOperator<HelixConfig> with(String... settings) {
        return test -> {
            ConfigLoader loader = ConfigLoader.builder().env(java.util.Map.of());
            for (String s : settings) {
                String key = s.substring(0, s.indexOf('='));
                loader.flag(key, s.substring(s.indexOf('=') + 1), "--set " + key);
            }
            HelixConfig c = loader.load().config();
            return c.toBuilder()
                    .server(test.server())
                    .storage(test.storage())
                    .auth(test.auth())
                    .state(test.state())
                    .realtime(test.realtime())
                    .build();
        };
    }

    /** The limits of {@code settings} ({@code limits.defaultRate=3/1m}, …) over the defaults. */
    static HelixConfig.Limits limits(String... settings) {
        return with(settings).apply(HelixConfig.defaults()).limits();
    }

    /**
     * A client of database {@code db} of the local Redis; skips the test with one loud line when Redis is not
     * running, or fails it under CI ({@code CI=true}).
     */
    static RedisClient redis(int db) {
        RedisClient client = RedisClient.create(java.net.URI.create(REDIS + "/" + db));
        try {
            client.ping();
        } catch (RuntimeException e) {
            client.close();
            String line = "!!! Redis at 127.0.0.1:6379 is not available (" + e.getMessage() + "); start it with: "
                    + "redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save \"\" --appendonly no";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(line + " (CI=true: a missing service fails the run)");
            }
            System.err.println(line + " — skipping this test");
            Assumptions.abort(line);
        }
        return client;
    }

    /** The value of the Prometheus sample whose line starts with {@code prefix} (name and labels), or -1. */
    static double metric(HelixClient client, String name, String routeClass) {
        String body = client.get("/metrics").body();
        for (String line : body.split("\n")) {
            if (line.startsWith(name + "{") && line.contains("class=\"" + routeClass + "\"")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return -1;
    }
}
