package dev.helix.storage;

import dev.helix.config.HelixConfig;
import dev.helix.health.HealthCheck;
import java.net.URI;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.SslOptions;

/**
 * The Redis Helix shares with other nodes when {@code redis.url} is set: one pooled client for commands, short
 * timeouts so a slow Redis never holds a request long, and a health check that reports DEGRADED (Helix keeps serving
 * from memory and the database) rather than DOWN while Redis is unreachable.
 */
public final class RedisConnection implements AutoCloseable {
    /** Longest wait to connect or for an answer. */
    static final int TIMEOUT_MILLIS = 500;

    private static final Logger LOG = LoggerFactory.getLogger(RedisConnection.class);

    private final RedisClient client;
    private final String shownUrl;
    private final HostAndPort address;
    private final JedisClientConfig clientConfig;

    private RedisConnection(RedisClient client, String shownUrl, HostAndPort address, JedisClientConfig clientConfig) {
        this.client = client;
        this.shownUrl = shownUrl;
        this.address = address;
        this.clientConfig = clientConfig;
    }

    /** The connection for {@code config}, or empty when no Redis is configured. Does not wait for Redis to be up. */
    public static Optional<RedisConnection> open(HelixConfig.Redis config) {
        return config.optionalUrl().map(url -> {
            URI uri = URI.create(url);
            HostAndPort address = new HostAndPort(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort());
            JedisClientConfig clientConfig = DefaultJedisClientConfig.builder()
                    .connectionTimeoutMillis(TIMEOUT_MILLIS)
                    .socketTimeoutMillis(TIMEOUT_MILLIS)
                    .user(userOf(uri))
                    .password(passwordOf(uri))
                    .database(databaseOf(uri))
                    .sslOptions(
                            "rediss".equals(uri.getScheme())
                                    ? SslOptions.builder().build()
                                    : null)
                    .clientName("helix")
                    .build();
            RedisClient client = RedisClient.builder()
                    .hostAndPort(address)
                    .clientConfig(clientConfig)
                    .build();
            String shown = uri.getScheme() + "://" + address;
            LOG.info("using Redis at {}", shown);
            return new RedisConnection(client, shown, address, clientConfig);
        });
    }

    /** The pooled client for commands (thread-safe). */
    public RedisClient client() {
        return client;
    }

    /**
     * A connection of its own, outside the pool, for work that holds one for long (a pub/sub subscription); the
     * caller closes it.
     */
    public Connection newConnection() {
        return new Connection(address, clientConfig);
    }

    /** Where Redis is, without credentials. */
    public String describe() {
        return shownUrl;
    }

    /** The {@code redis} health check: DEGRADED, naming the error, while Redis does not answer PING. */
    public HealthCheck health() {
        return () -> {
            try {
                client.ping();
            } catch (RuntimeException e) {
                throw new HealthCheck.Degraded("Redis at " + shownUrl + " does not answer: " + e.getMessage());
            }
        };
    }

    @Override
    public void close() {
        client.close();
    }

    private static @Nullable String userOf(URI uri) {
        String info = uri.getUserInfo();
        return info == null || !info.contains(":") || info.startsWith(":")
                ? null
                : info.substring(0, info.indexOf(':'));
    }

    private static @Nullable String passwordOf(URI uri) {
        String info = uri.getUserInfo();
        return info == null ? null : info.contains(":") ? info.substring(info.indexOf(':') + 1) : info;
    }

    private static int databaseOf(URI uri) {
        String path = uri.getPath();
        return path == null || path.length() <= 1 ? 0 : Integer.parseInt(path.substring(1));
    }
}
