package dev.helix.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Helix's whole configuration: immutable, validated once at start. Build it with {@link ConfigLoader};
 * {@link #defaults()} gives every key at its default.
 *
 * @param server   the HTTP listener
 * @param storage  the database
 * @param redis    the optional Redis used to scale out
 * @param auth     API-key settings
 * @param logging  log format and level
 * @param features feature flags by name
 */
public record HelixConfig(Server server, Storage storage, Redis redis, Auth auth, Logging logging,
                          Map<String, Boolean> features) {

    public HelixConfig {
        features = Map.copyOf(features);
    }

    /** The configuration with every key at its default. */
    public static HelixConfig defaults() {
        return ConfigLoader.builder().env(Map.of()).load().config();
    }

    /** Whether feature flag {@code name} is on (unknown flags are off). */
    public boolean feature(String name) {
        return features.getOrDefault(name, false);
    }

    /** A copy with another server section (tests use port 0 this way). */
    public HelixConfig withServer(Server newServer) {
        return new HelixConfig(newServer, storage, redis, auth, logging, features);
    }

    /** A copy with another storage section. */
    public HelixConfig withStorage(Storage newStorage) {
        return new HelixConfig(server, newStorage, redis, auth, logging, features);
    }

    /** A copy with another auth section. */
    public HelixConfig withAuth(Auth newAuth) {
        return new HelixConfig(server, storage, redis, newAuth, logging, features);
    }

    /** The HTTP listener. */
    public record Server(String host, int port, long maxBodySize, Duration shutdownGrace, String nodeId) {
        public Server withPort(int newPort) {
            return new Server(host, newPort, maxBodySize, shutdownGrace, nodeId);
        }

        public Server withShutdownGrace(Duration grace) {
            return new Server(host, port, maxBodySize, grace, nodeId);
        }
    }

    /** The database: SQLite in {@code dataDir} unless {@code databaseUrl} names another. */
    public record Storage(Path dataDir, String databaseUrl, String databaseUser, String databasePassword,
                          int poolSize, Duration busyTimeout) {
        public Storage withDataDir(Path dir) {
            return new Storage(dir, databaseUrl, databaseUser, databasePassword, poolSize, busyTimeout);
        }

        public Storage withDatabaseUrl(String url) {
            return new Storage(dataDir, url, databaseUser, databasePassword, poolSize, busyTimeout);
        }
    }

    /** Redis, when Helix runs on several nodes. */
    public record Redis(String url) {
        public Optional<String> optionalUrl() {
            return url.isEmpty() ? Optional.empty() : Optional.of(url);
        }
    }

    /** API-key settings. */
    public record Auth(String adminKey, boolean publicMetrics) {
        public Optional<String> optionalAdminKey() {
            return adminKey.isEmpty() ? Optional.empty() : Optional.of(adminKey);
        }

        @Override
        public String toString() {
            return "Auth[adminKey=" + (adminKey.isEmpty() ? "" : "****") + ", publicMetrics=" + publicMetrics + "]";
        }
    }

    /** Log format, level and whether requests are logged. */
    public record Logging(LogFormat format, LogLevel level, boolean accessLog) {
    }
}
