package dev.helix.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
 * @param file     the {@code helix.yaml} to read, which may not exist yet (features with their own sections, like
 *                 {@code gateway:} and {@code agents:}, read it themselves and again whenever it changes; empty
 *                 = no file at all, not even a later one)
 * @param state    the shared state document
 * @param realtime WebSocket and SSE push
 * @param limits   rate limits and bulkheads of the HTTP API
 * @param caching  the response cache and HTTP efficiency (compression, HTTP/2, keep-alive)
 * @param messaging agents' mailboxes
 */
public record HelixConfig(
        Server server,
        Storage storage,
        Redis redis,
        Auth auth,
        Logging logging,
        Map<String, Boolean> features,
        Optional<Path> file,
        State state,
        Realtime realtime,
        Limits limits,
        Caching caching,
        Messaging messaging) {

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

    /** A copy that reads and watches another config file for the sections features read themselves. */
    public HelixConfig withFile(Optional<Path> newFile) {
        return new HelixConfig(
                server, storage, redis, auth, logging, features, newFile, state, realtime, limits, caching, messaging);
    }

    /** A copy with another server section (tests use port 0 this way). */
    public HelixConfig withServer(Server newServer) {
        return new HelixConfig(
                newServer, storage, redis, auth, logging, features, file, state, realtime, limits, caching, messaging);
    }

    /** A copy with another storage section. */
    public HelixConfig withStorage(Storage newStorage) {
        return new HelixConfig(
                server, newStorage, redis, auth, logging, features, file, state, realtime, limits, caching, messaging);
    }

    /** A copy with another auth section. */
    public HelixConfig withAuth(Auth newAuth) {
        return new HelixConfig(
                server, storage, redis, newAuth, logging, features, file, state, realtime, limits, caching, messaging);
    }

    /** A copy with another state section. */
    public HelixConfig withState(State newState) {
        return new HelixConfig(
                server, storage, redis, auth, logging, features, file, newState, realtime, limits, caching, messaging);
    }

    /** A copy with another realtime section. */
    public HelixConfig withRealtime(Realtime newRealtime) {
        return new HelixConfig(
                server, storage, redis, auth, logging, features, file, state, newRealtime, limits, caching, messaging);
    }

    /** A copy with other rate limits and bulkheads. */
    public HelixConfig withLimits(Limits newLimits) {
        return new HelixConfig(
                server, storage, redis, auth, logging, features, file, state, realtime, newLimits, caching, messaging);
    }

    /** A copy with another caching section. */
    public HelixConfig withCaching(Caching newCaching) {
        return new HelixConfig(
                server, storage, redis, auth, logging, features, file, state, realtime, limits, newCaching, messaging);
    }

    /** A copy with another messaging section. */
    public HelixConfig withMessaging(Messaging newMessaging) {
        return new HelixConfig(
                server, storage, redis, auth, logging, features, file, state, realtime, limits, caching, newMessaging);
    }

    /**
     * Agents' mailboxes.
     *
     * @param visibility   how long a taken message is invisible to other takers before it is delivered again
     * @param maxWait      longest long poll, and longest wait of a request for its reply
     * @param priorityStep age that lifts a waiting message one priority
     * @param defaultTtl   how long a message without a ttl may wait
     * @param maxDataSize  largest {@code data} of a message, in bytes of compact JSON
     * @param consumeRole  least role that may take, acknowledge, release and answer messages
     */
    public record Messaging(
            Duration visibility,
            Duration maxWait,
            Duration priorityStep,
            Duration defaultTtl,
            long maxDataSize,
            dev.helix.access.Role consumeRole) {
        public Messaging withVisibility(Duration newVisibility) {
            return new Messaging(newVisibility, maxWait, priorityStep, defaultTtl, maxDataSize, consumeRole);
        }

        public Messaging withConsumeRole(dev.helix.access.Role role) {
            return new Messaging(visibility, maxWait, priorityStep, defaultTtl, maxDataSize, role);
        }
    }

    /**
     * The HTTP listener.
     *
     * @param requestHeadersTimeout longest a request line and header fields may take to arrive once begun
     * @param requestBodyTimeout    longest a request body may take to arrive once the server reads it
     */
    public record Server(
            String host,
            int port,
            long maxBodySize,
            Duration shutdownGrace,
            String nodeId,
            Duration requestHeadersTimeout,
            Duration requestBodyTimeout) {
        /** A listener with the default request timeouts. */
        public Server(String host, int port, long maxBodySize, Duration shutdownGrace, String nodeId) {
            this(
                    host,
                    port,
                    maxBodySize,
                    shutdownGrace,
                    nodeId,
                    byDefault(ConfigKeys.REQUEST_HEADERS_TIMEOUT),
                    byDefault(ConfigKeys.REQUEST_BODY_TIMEOUT));
        }

        public Server withPort(int newPort) {
            return new Server(
                    host, newPort, maxBodySize, shutdownGrace, nodeId, requestHeadersTimeout, requestBodyTimeout);
        }

        public Server withShutdownGrace(Duration grace) {
            return new Server(host, port, maxBodySize, grace, nodeId, requestHeadersTimeout, requestBodyTimeout);
        }

        public Server withRequestTimeouts(Duration headers, Duration body) {
            return new Server(host, port, maxBodySize, shutdownGrace, nodeId, headers, body);
        }

        private static Duration byDefault(ConfigKey<Duration> key) {
            return key.parse(key.defaultValue(), ConfigSource.DEFAULT);
        }
    }

    /**
     * Where data lives: SQLite in {@code dataDir} unless {@code databaseUrl} names another database; agent files
     * in {@code agentsDir}, or {@code <dataDir>/agents} when it is empty.
     */
    public record Storage(
            Path dataDir,
            String databaseUrl,
            String databaseUser,
            String databasePassword,
            int poolSize,
            Duration busyTimeout,
            Optional<Path> agentsDir) {
        public Storage withDataDir(Path dir) {
            return new Storage(dir, databaseUrl, databaseUser, databasePassword, poolSize, busyTimeout, agentsDir);
        }

        public Storage withDatabaseUrl(String url) {
            return new Storage(dataDir, url, databaseUser, databasePassword, poolSize, busyTimeout, agentsDir);
        }

        public Storage withAgentsDir(Path dir) {
            return new Storage(
                    dataDir, databaseUrl, databaseUser, databasePassword, poolSize, busyTimeout, Optional.of(dir));
        }

        /** The folder of agent files. */
        public Path agentsFolder() {
            return agentsDir.orElse(dataDir.resolve("agents"));
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

    /**
     * The shared state document.
     *
     * @param maxSize   largest document in bytes of compact JSON
     * @param maxDepth  deepest nesting
     * @param history   versions kept
     * @param file      the mirror file, if any
     * @param writeRole least role that may write
     */
    public record State(long maxSize, int maxDepth, int history, Optional<Path> file, dev.helix.access.Role writeRole) {
        public State withFile(Path mirror) {
            return new State(maxSize, maxDepth, history, Optional.of(mirror), writeRole);
        }

        public State withHistory(int versions) {
            return new State(maxSize, maxDepth, versions, file, writeRole);
        }
    }

    /**
     * WebSocket and SSE push.
     *
     * @param historySize    events kept per topic
     * @param historyAge     how long events are kept per topic
     * @param heartbeat      idle interval before a ping or comment
     * @param maxPending     messages queued per client before it is dropped as too slow
     * @param maxMessageSize largest inbound WebSocket message
     */
    public record Realtime(
            int historySize, Duration historyAge, Duration heartbeat, int maxPending, long maxMessageSize) {
        public Realtime withHeartbeat(Duration interval) {
            return new Realtime(historySize, historyAge, interval, maxPending, maxMessageSize);
        }

        public Realtime withHistory(int size, Duration age) {
            return new Realtime(size, age, heartbeat, maxPending, maxMessageSize);
        }

        public Realtime withMaxPending(int pending) {
            return new Realtime(historySize, historyAge, heartbeat, pending, maxMessageSize);
        }
    }

    /** Log format, level and whether requests are logged. */
    public record Logging(LogFormat format, LogLevel level, boolean accessLog) {}

    /**
     * Rate limits and bulkheads of the HTTP API, for each route class ({@code gateway}, {@code commands},
     * {@code admin}, {@code public}, {@code default}): how many requests an API key (a client IP on public routes)
     * may make per period, and how many requests this node serves at once and how long one waits for a place.
     *
     * @param enabled           false turns every rate limit and bulkhead off
     * @param trustForwardedFor take the client IP from {@code X-Forwarded-For} (behind a trusted proxy only)
     * @param redisTimeout      longest wait for Redis before this node's own buckets answer
     */
    public record Limits(
            boolean enabled,
            Rate gatewayRate,
            int gatewayConcurrency,
            Duration gatewayQueueWait,
            Rate commandsRate,
            int commandsConcurrency,
            Duration commandsQueueWait,
            Rate adminRate,
            int adminConcurrency,
            Duration adminQueueWait,
            Rate publicRate,
            int publicConcurrency,
            Duration publicQueueWait,
            Rate defaultRate,
            int defaultConcurrency,
            Duration defaultQueueWait,
            boolean trustForwardedFor,
            Duration redisTimeout) {
        /** The route classes, in the order their keys are listed. */
        public static final java.util.List<String> CLASSES =
                java.util.List.of("gateway", "commands", "admin", "public", "default");

        /**
         * One route class's settings.
         *
         * @param rate        requests per period per API key or client IP
         * @param concurrency requests served at once on this node; 0 = no bulkhead
         * @param queueWait   how long a request may wait for a place
         */
        public record PerClass(Rate rate, int concurrency, Duration queueWait) {}

        /** The settings of route class {@code name}, one of {@link #CLASSES}. */
        public PerClass forClass(String name) {
            return switch (name) {
                case "gateway" -> new PerClass(gatewayRate, gatewayConcurrency, gatewayQueueWait);
                case "commands" -> new PerClass(commandsRate, commandsConcurrency, commandsQueueWait);
                case "admin" -> new PerClass(adminRate, adminConcurrency, adminQueueWait);
                case "public" -> new PerClass(publicRate, publicConcurrency, publicQueueWait);
                case "default" -> new PerClass(defaultRate, defaultConcurrency, defaultQueueWait);
                default -> throw new IllegalArgumentException("no route class " + name + "; one of " + CLASSES);
            };
        }
    }

    /**
     * The response cache (Caffeine in memory, Redis shared when {@code redis.url} is set) and HTTP efficiency.
     *
     * @param enabled            whether GET routes with a policy are answered from the cache
     * @param maxSize            most bytes the in-memory cache holds (bodies, compressed forms and keys)
     * @param maxEntrySize       largest body kept; larger ones are served but not cached
     * @param routes             the cacheable routes and their policies
     * @param invalidations      event type (or {@code prefix.*}) → tags it invalidates
     * @param redis              whether Redis (when configured) is the shared second level and carries invalidations
     * @param redisPrefix        prefix of the cache's Redis keys and of its pub/sub channel
     * @param redisTimeout       longest a request waits for Redis before going on without it
     * @param compression        response compression: {@code gzip} or {@code off}
     * @param compressionMinSize smallest body compressed
     * @param compressionLevel   gzip level, 1 (fastest) to 9 (smallest)
     * @param http2              whether HTTP/2 over cleartext (h2c, upgrade and prior knowledge) is served
     * @param idleTimeout        how long an idle keep-alive connection stays open
     */
    public record Caching(
            boolean enabled,
            long maxSize,
            long maxEntrySize,
            List<Route> routes,
            Map<String, List<String>> invalidations,
            boolean redis,
            String redisPrefix,
            Duration redisTimeout,
            Compression compression,
            long compressionMinSize,
            int compressionLevel,
            boolean http2,
            Duration idleTimeout) {
        public Caching {
            routes = List.copyOf(routes);
            invalidations = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(invalidations));
        }

        public Caching withEnabled(boolean on) {
            return new Caching(
                    on,
                    maxSize,
                    maxEntrySize,
                    routes,
                    invalidations,
                    redis,
                    redisPrefix,
                    redisTimeout,
                    compression,
                    compressionMinSize,
                    compressionLevel,
                    http2,
                    idleTimeout);
        }

        public Caching withRoutes(List<Route> newRoutes) {
            return new Caching(
                    enabled,
                    maxSize,
                    maxEntrySize,
                    newRoutes,
                    invalidations,
                    redis,
                    redisPrefix,
                    redisTimeout,
                    compression,
                    compressionMinSize,
                    compressionLevel,
                    http2,
                    idleTimeout);
        }

        public Caching withRedis(String prefix, Duration timeout) {
            return new Caching(
                    enabled,
                    maxSize,
                    maxEntrySize,
                    routes,
                    invalidations,
                    true,
                    prefix,
                    timeout,
                    compression,
                    compressionMinSize,
                    compressionLevel,
                    http2,
                    idleTimeout);
        }

        public Caching withMaxSize(long bytes) {
            return new Caching(
                    enabled,
                    bytes,
                    maxEntrySize,
                    routes,
                    invalidations,
                    redis,
                    redisPrefix,
                    redisTimeout,
                    compression,
                    compressionMinSize,
                    compressionLevel,
                    http2,
                    idleTimeout);
        }

        public Caching withCompression(Compression newCompression, long minSize) {
            return new Caching(
                    enabled,
                    maxSize,
                    maxEntrySize,
                    routes,
                    invalidations,
                    redis,
                    redisPrefix,
                    redisTimeout,
                    newCompression,
                    minSize,
                    compressionLevel,
                    http2,
                    idleTimeout);
        }

        public Caching withHttp2(boolean on) {
            return new Caching(
                    enabled,
                    maxSize,
                    maxEntrySize,
                    routes,
                    invalidations,
                    redis,
                    redisPrefix,
                    redisTimeout,
                    compression,
                    compressionMinSize,
                    compressionLevel,
                    on,
                    idleTimeout);
        }

        /** The policy of GET {@code template}, if it is cacheable. */
        public Optional<Route> route(String template) {
            return routes.stream().filter(r -> r.template().equals(template)).findFirst();
        }

        /** Whose requests may share a cached response. */
        public enum Scope {
            /** Everyone's (the body does not depend on the caller). */
            SHARED,
            /** Callers with the same role. */
            ROLE,
            /** Requests with the same API key only (the safe default). */
            PRINCIPAL
        }

        /** Response compression. */
        public enum Compression {
            GZIP,
            OFF
        }

        /**
         * One cacheable GET route.
         *
         * @param template the route template, e.g. {@code /api/v1/agents/{id}}
         * @param ttl      how long a response stays fresh
         * @param stale    how long after that it may still be served while one request refreshes it (0 = never)
         * @param maxAge   the {@code max-age} clients may keep it without asking again (0 = {@code no-cache})
         * @param scope    whose requests share a response
         * @param query    query parameters that are part of the key ({@code *} = all); others are ignored
         * @param tags     what invalidates it
         */
        public record Route(
                String template,
                Duration ttl,
                Duration stale,
                Duration maxAge,
                Scope scope,
                List<String> query,
                List<String> tags) {
            public Route {
                query = List.copyOf(query);
                tags = List.copyOf(tags);
            }

            public Route withTtl(Duration newTtl, Duration newStale) {
                return new Route(template, newTtl, newStale, maxAge, scope, query, tags);
            }
        }
    }
}
