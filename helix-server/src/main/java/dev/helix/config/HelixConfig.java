package dev.helix.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Helix's whole configuration: immutable, validated once at start. Build it with {@link ConfigLoader};
 * {@link #defaults()} gives every key at its default, and {@link #toBuilder()} a copy with some sections or settings
 * changed ({@code config.toBuilder().server(s -> s.port(0)).build()}).
 *
 * @param server   the HTTP listener: address, limits, timeouts, HTTP/2 and compression
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
 * @param caching  the response cache
 * @param events   the durable event log: how often it is read, how long and how many events it keeps
 * @param messaging agents' mailboxes
 * @param conversations conversations with the agents
 * @param memory   what Helix remembers of the people its agents talk with, and how much of it prompts get
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
        Events events,
        Messaging messaging,
        Conversations conversations,
        Memory memory) {

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

    /** A builder that starts from this configuration. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Builds a {@link HelixConfig} from another one, section by section (tests use port 0 this way). */
    public static final class Builder {
        private Server server;
        private Storage storage;
        private Redis redis;
        private Auth auth;
        private Logging logging;
        private Map<String, Boolean> features;
        private Optional<Path> file;
        private State state;
        private Realtime realtime;
        private Limits limits;
        private Caching caching;
        private Events events;
        private Messaging messaging;
        private Conversations conversations;
        private Memory memory;

        private Builder(HelixConfig from) {
            server = from.server;
            storage = from.storage;
            redis = from.redis;
            auth = from.auth;
            logging = from.logging;
            features = from.features;
            file = from.file;
            state = from.state;
            realtime = from.realtime;
            limits = from.limits;
            caching = from.caching;
            events = from.events;
            messaging = from.messaging;
            conversations = from.conversations;
            memory = from.memory;
        }

        public Builder server(Server newServer) {
            server = newServer;
            return this;
        }

        /** Changes some settings of the server section. */
        public Builder server(UnaryOperator<Server.Builder> change) {
            return server(change.apply(server.toBuilder()).build());
        }

        public Builder storage(Storage newStorage) {
            storage = newStorage;
            return this;
        }

        /** Changes some settings of the storage section. */
        public Builder storage(UnaryOperator<Storage.Builder> change) {
            return storage(change.apply(storage.toBuilder()).build());
        }

        public Builder redis(Redis newRedis) {
            redis = newRedis;
            return this;
        }

        public Builder auth(Auth newAuth) {
            auth = newAuth;
            return this;
        }

        public Builder logging(Logging newLogging) {
            logging = newLogging;
            return this;
        }

        public Builder features(Map<String, Boolean> newFeatures) {
            features = newFeatures;
            return this;
        }

        /** Reads and watches another config file for the sections features read themselves. */
        public Builder file(Optional<Path> newFile) {
            file = newFile;
            return this;
        }

        public Builder state(State newState) {
            state = newState;
            return this;
        }

        /** Changes some settings of the state section. */
        public Builder state(UnaryOperator<State.Builder> change) {
            return state(change.apply(state.toBuilder()).build());
        }

        public Builder realtime(Realtime newRealtime) {
            realtime = newRealtime;
            return this;
        }

        /** Changes some settings of the realtime section. */
        public Builder realtime(UnaryOperator<Realtime.Builder> change) {
            return realtime(change.apply(realtime.toBuilder()).build());
        }

        public Builder limits(Limits newLimits) {
            limits = newLimits;
            return this;
        }

        public Builder caching(Caching newCaching) {
            caching = newCaching;
            return this;
        }

        /** Changes some settings of the caching section. */
        public Builder caching(UnaryOperator<Caching.Builder> change) {
            return caching(change.apply(caching.toBuilder()).build());
        }

        public Builder events(Events newEvents) {
            events = newEvents;
            return this;
        }

        public Builder messaging(Messaging newMessaging) {
            messaging = newMessaging;
            return this;
        }

        public Builder conversations(Conversations newConversations) {
            conversations = newConversations;
            return this;
        }

        /** Changes some settings of the conversations section. */
        public Builder conversations(UnaryOperator<Conversations.Builder> change) {
            return conversations(change.apply(conversations.toBuilder()).build());
        }

        public Builder memory(Memory newMemory) {
            memory = newMemory;
            return this;
        }

        /** Changes some settings of the memory section. */
        public Builder memory(UnaryOperator<Memory.Builder> change) {
            return memory(change.apply(memory.toBuilder()).build());
        }

        public HelixConfig build() {
            return new HelixConfig(
                    server,
                    storage,
                    redis,
                    auth,
                    logging,
                    features,
                    file,
                    state,
                    realtime,
                    limits,
                    caching,
                    events,
                    messaging,
                    conversations,
                    memory);
        }
    }

    /**
     * The durable event log.
     *
     * @param pollInterval how often the log is read for events other processes wrote
     * @param retention    how long events are kept
     * @param maxEvents    most events kept
     */
    public record Events(Duration pollInterval, Duration retention, int maxEvents) {}

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
            dev.helix.access.Role consumeRole) {}

    /**
     * Conversations with the agents.
     *
     * @param maxPartSize     largest text of one content part of a message, in bytes of UTF-8
     * @param maxMetadataSize largest {@code metadata} of a conversation or message, in bytes of compact JSON
     * @param busyPolicy      what a message sent while the agent is still answering gets
     * @param queueWait       longest a queued message waits for the answers before it
     * @param answerTokens    tokens of the context window kept for the answer
     * @param summaryTokens   most tokens of a summary of older turns
     * @param historyTokens   most tokens of history (a summary of older turns included) a prompt carries; 0 for as much
     *                        as the agent model's context window leaves
     */
    public record Conversations(
            long maxPartSize,
            long maxMetadataSize,
            BusyPolicy busyPolicy,
            Duration queueWait,
            int answerTokens,
            int summaryTokens,
            int historyTokens) {
        /** What a message sent while the agent is still answering the one before gets. */
        public enum BusyPolicy {
            /** 409, naming the answer in progress; the message is not stored. */
            REJECT,
            /** Stored at once and answered when the answers before it have ended, in order. */
            QUEUE,
            /** The answer in progress is stopped (stored as interrupted, with its text so far) and the new one starts. */
            INTERRUPT
        }

        /** A builder that starts from these settings. */
        public Builder toBuilder() {
            return new Builder(this);
        }

        /** Builds {@link Conversations} settings from others. */
        public static final class Builder {
            private long maxPartSize;
            private long maxMetadataSize;
            private BusyPolicy busyPolicy;
            private Duration queueWait;
            private int answerTokens;
            private int summaryTokens;
            private int historyTokens;

            private Builder(Conversations from) {
                maxPartSize = from.maxPartSize;
                maxMetadataSize = from.maxMetadataSize;
                busyPolicy = from.busyPolicy;
                queueWait = from.queueWait;
                answerTokens = from.answerTokens;
                summaryTokens = from.summaryTokens;
                historyTokens = from.historyTokens;
            }

            public Builder maxPartSize(long bytes) {
                maxPartSize = bytes;
                return this;
            }

            public Builder maxMetadataSize(long bytes) {
                maxMetadataSize = bytes;
                return this;
            }

            public Builder busyPolicy(BusyPolicy policy) {
                busyPolicy = policy;
                return this;
            }

            public Builder queueWait(Duration wait) {
                queueWait = wait;
                return this;
            }

            public Builder answerTokens(int tokens) {
                answerTokens = tokens;
                return this;
            }

            public Builder summaryTokens(int tokens) {
                summaryTokens = tokens;
                return this;
            }

            public Builder historyTokens(int tokens) {
                historyTokens = tokens;
                return this;
            }

            public Conversations build() {
                return new Conversations(
                        maxPartSize,
                        maxMetadataSize,
                        busyPolicy,
                        queueWait,
                        answerTokens,
                        summaryTokens,
                        historyTokens);
            }
        }
    }

    /**
     * Memory: what Helix remembers of each owner (API key and end user) and how much of it goes into a prompt.
     *
     * @param maxTextSize     largest text of one memory (UTF-8 bytes)
     * @param maxProfileSize  largest pinned profile of one owner (UTF-8 bytes)
     * @param promptTokens    most tokens the profile and memories take in a prompt
     * @param promptMaxItems  most memories in a prompt
     * @param recencyHalfLife the age at which a memory counts half as much as a new one in retrieval
     * @param synthesis       how conversations' new messages are turned into memories in the background
     */
    public record Memory(
            long maxTextSize,
            long maxProfileSize,
            int promptTokens,
            int promptMaxItems,
            Duration recencyHalfLife,
            Synthesis synthesis) {
        /** A builder that starts from these settings. */
        public Builder toBuilder() {
            return new Builder(this);
        }

        /** Builds {@link Memory} settings from others. */
        public static final class Builder {
            private long maxTextSize;
            private long maxProfileSize;
            private int promptTokens;
            private int promptMaxItems;
            private Duration recencyHalfLife;
            private Synthesis synthesis;

            private Builder(Memory from) {
                maxTextSize = from.maxTextSize;
                maxProfileSize = from.maxProfileSize;
                promptTokens = from.promptTokens;
                promptMaxItems = from.promptMaxItems;
                recencyHalfLife = from.recencyHalfLife;
                synthesis = from.synthesis;
            }

            public Builder maxTextSize(long bytes) {
                maxTextSize = bytes;
                return this;
            }

            public Builder maxProfileSize(long bytes) {
                maxProfileSize = bytes;
                return this;
            }

            public Builder promptTokens(int tokens) {
                promptTokens = tokens;
                return this;
            }

            public Builder promptMaxItems(int items) {
                promptMaxItems = items;
                return this;
            }

            public Builder recencyHalfLife(Duration halfLife) {
                recencyHalfLife = halfLife;
                return this;
            }

            public Builder synthesis(Synthesis settings) {
                synthesis = settings;
                return this;
            }

            /** Changes some settings of memory synthesis. */
            public Builder synthesis(UnaryOperator<Synthesis.Builder> change) {
                return synthesis(change.apply(synthesis.toBuilder()).build());
            }

            public Memory build() {
                return new Memory(
                        maxTextSize, maxProfileSize, promptTokens, promptMaxItems, recencyHalfLife, synthesis);
            }
        }
    }

    /**
     * Memory synthesis ({@code memory.synthesis}): conversations' new messages turned into memories in the background.
     *
     * @param enabled           whether it runs at all
     * @param idleAfter         a conversation with new messages idle this long gets a run
     * @param everyMessages     ... or one with this many new messages
     * @param maxMessagesPerRun most messages one run reads
     * @param topK              most similar memories a candidate fact is compared with
     * @param embeddingModel    a gateway model whose embeddings re-rank the similar memories, or empty for none
     * @param maxAttempts       attempts of a run before it fails for good
     * @param backoff           wait after a failed attempt, doubled after each further one
     * @param dailyBudgetUsd    most US dollars runs spend in a UTC day on every node together; 0 for no cap
     * @param concurrency       most runs one node runs at once
     * @param pollInterval      how often a node looks for conversations due and runs to take
     */
    public record Synthesis(
            boolean enabled,
            Duration idleAfter,
            int everyMessages,
            int maxMessagesPerRun,
            int topK,
            String embeddingModel,
            int maxAttempts,
            Duration backoff,
            java.math.BigDecimal dailyBudgetUsd,
            int concurrency,
            Duration pollInterval) {
        /** A builder that starts from these settings. */
        public Builder toBuilder() {
            return new Builder(this);
        }

        /** Builds {@link Synthesis} settings from others. */
        public static final class Builder {
            private boolean enabled;
            private Duration idleAfter;
            private int everyMessages;
            private int maxMessagesPerRun;
            private int topK;
            private String embeddingModel;
            private int maxAttempts;
            private Duration backoff;
            private java.math.BigDecimal dailyBudgetUsd;
            private int concurrency;
            private Duration pollInterval;

            private Builder(Synthesis from) {
                enabled = from.enabled;
                idleAfter = from.idleAfter;
                everyMessages = from.everyMessages;
                maxMessagesPerRun = from.maxMessagesPerRun;
                topK = from.topK;
                embeddingModel = from.embeddingModel;
                maxAttempts = from.maxAttempts;
                backoff = from.backoff;
                dailyBudgetUsd = from.dailyBudgetUsd;
                concurrency = from.concurrency;
                pollInterval = from.pollInterval;
            }

            public Builder enabled(boolean on) {
                enabled = on;
                return this;
            }

            public Builder idleAfter(Duration idle) {
                idleAfter = idle;
                return this;
            }

            public Builder everyMessages(int messages) {
                everyMessages = messages;
                return this;
            }

            public Builder maxMessagesPerRun(int messages) {
                maxMessagesPerRun = messages;
                return this;
            }

            public Builder topK(int k) {
                topK = k;
                return this;
            }

            public Builder embeddingModel(String model) {
                embeddingModel = model;
                return this;
            }

            public Builder maxAttempts(int attempts) {
                maxAttempts = attempts;
                return this;
            }

            public Builder backoff(Duration wait) {
                backoff = wait;
                return this;
            }

            public Builder dailyBudgetUsd(java.math.BigDecimal usd) {
                dailyBudgetUsd = usd;
                return this;
            }

            public Builder concurrency(int runs) {
                concurrency = runs;
                return this;
            }

            public Builder pollInterval(Duration interval) {
                pollInterval = interval;
                return this;
            }

            public Synthesis build() {
                return new Synthesis(
                        enabled,
                        idleAfter,
                        everyMessages,
                        maxMessagesPerRun,
                        topK,
                        embeddingModel,
                        maxAttempts,
                        backoff,
                        dailyBudgetUsd,
                        concurrency,
                        pollInterval);
            }
        }
    }

    /**
     * The HTTP listener.
     *
     * @param requestHeadersTimeout longest a request line and header fields may take to arrive once begun
     * @param requestBodyTimeout    longest a request body may take to arrive once the server reads it
     * @param idleTimeout           how long an idle keep-alive connection stays open
     * @param http2                 whether HTTP/2 over cleartext (h2c, upgrade and prior knowledge) is served
     * @param compression           response compression: {@code gzip} or {@code off}
     * @param compressionMinSize    smallest body compressed
     * @param compressionLevel      gzip level, 1 (fastest) to 9 (smallest)
     */
    public record Server(
            String host,
            int port,
            long maxBodySize,
            Duration shutdownGrace,
            String nodeId,
            Duration requestHeadersTimeout,
            Duration requestBodyTimeout,
            Duration idleTimeout,
            boolean http2,
            Compression compression,
            long compressionMinSize,
            int compressionLevel) {
        /** A builder that starts from these settings. */
        public Builder toBuilder() {
            return new Builder(this);
        }

        /** Builds {@link Server} settings from others. */
        public static final class Builder {
            private String host;
            private int port;
            private long maxBodySize;
            private Duration shutdownGrace;
            private String nodeId;
            private Duration requestHeadersTimeout;
            private Duration requestBodyTimeout;
            private Duration idleTimeout;
            private boolean http2;
            private Compression compression;
            private long compressionMinSize;
            private int compressionLevel;

            private Builder(Server from) {
                host = from.host;
                port = from.port;
                maxBodySize = from.maxBodySize;
                shutdownGrace = from.shutdownGrace;
                nodeId = from.nodeId;
                requestHeadersTimeout = from.requestHeadersTimeout;
                requestBodyTimeout = from.requestBodyTimeout;
                idleTimeout = from.idleTimeout;
                http2 = from.http2;
                compression = from.compression;
                compressionMinSize = from.compressionMinSize;
                compressionLevel = from.compressionLevel;
            }

            public Builder host(String newHost) {
                host = newHost;
                return this;
            }

            public Builder port(int newPort) {
                port = newPort;
                return this;
            }

            public Builder maxBodySize(long bytes) {
                maxBodySize = bytes;
                return this;
            }

            public Builder shutdownGrace(Duration grace) {
                shutdownGrace = grace;
                return this;
            }

            public Builder nodeId(String newNodeId) {
                nodeId = newNodeId;
                return this;
            }

            public Builder requestHeadersTimeout(Duration timeout) {
                requestHeadersTimeout = timeout;
                return this;
            }

            public Builder requestBodyTimeout(Duration timeout) {
                requestBodyTimeout = timeout;
                return this;
            }

            public Builder idleTimeout(Duration timeout) {
                idleTimeout = timeout;
                return this;
            }

            public Builder http2(boolean on) {
                http2 = on;
                return this;
            }

            public Builder compression(Compression newCompression) {
                compression = newCompression;
                return this;
            }

            public Builder compressionMinSize(long bytes) {
                compressionMinSize = bytes;
                return this;
            }

            public Builder compressionLevel(int level) {
                compressionLevel = level;
                return this;
            }

            public Server build() {
                return new Server(
                        host,
                        port,
                        maxBodySize,
                        shutdownGrace,
                        nodeId,
                        requestHeadersTimeout,
                        requestBodyTimeout,
                        idleTimeout,
                        http2,
                        compression,
                        compressionMinSize,
                        compressionLevel);
            }
        }

        /** Response compression. */
        public enum Compression {
            GZIP,
            OFF
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
        /** A builder that starts from these settings. */
        public Builder toBuilder() {
            return new Builder(this);
        }

        /** Builds {@link Storage} settings from others. */
        public static final class Builder {
            private Path dataDir;
            private String databaseUrl;
            private String databaseUser;
            private String databasePassword;
            private int poolSize;
            private Duration busyTimeout;
            private Optional<Path> agentsDir;

            private Builder(Storage from) {
                dataDir = from.dataDir;
                databaseUrl = from.databaseUrl;
                databaseUser = from.databaseUser;
                databasePassword = from.databasePassword;
                poolSize = from.poolSize;
                busyTimeout = from.busyTimeout;
                agentsDir = from.agentsDir;
            }

            public Builder dataDir(Path dir) {
                dataDir = dir;
                return this;
            }

            public Builder databaseUrl(String url) {
                databaseUrl = url;
                return this;
            }

            public Builder databaseUser(String user) {
                databaseUser = user;
                return this;
            }

            public Builder databasePassword(String password) {
                databasePassword = password;
                return this;
            }

            public Builder poolSize(int connections) {
                poolSize = connections;
                return this;
            }

            public Builder busyTimeout(Duration timeout) {
                busyTimeout = timeout;
                return this;
            }

            public Builder agentsDir(Path dir) {
                agentsDir = Optional.of(dir);
                return this;
            }

            public Storage build() {
                return new Storage(
                        dataDir, databaseUrl, databaseUser, databasePassword, poolSize, busyTimeout, agentsDir);
            }
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
        /** A builder that starts from these settings. */
        public Builder toBuilder() {
            return new Builder(this);
        }

        /** Builds {@link State} settings from others. */
        public static final class Builder {
            private long maxSize;
            private int maxDepth;
            private int history;
            private Optional<Path> file;
            private dev.helix.access.Role writeRole;

            private Builder(State from) {
                maxSize = from.maxSize;
                maxDepth = from.maxDepth;
                history = from.history;
                file = from.file;
                writeRole = from.writeRole;
            }

            public Builder maxSize(long bytes) {
                maxSize = bytes;
                return this;
            }

            public Builder maxDepth(int levels) {
                maxDepth = levels;
                return this;
            }

            public Builder history(int versions) {
                history = versions;
                return this;
            }

            public Builder file(Path mirror) {
                file = Optional.of(mirror);
                return this;
            }

            public Builder writeRole(dev.helix.access.Role role) {
                writeRole = role;
                return this;
            }

            public State build() {
                return new State(maxSize, maxDepth, history, file, writeRole);
            }
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
        /** A builder that starts from these settings. */
        public Builder toBuilder() {
            return new Builder(this);
        }

        /** Builds {@link Realtime} settings from others. */
        public static final class Builder {
            private int historySize;
            private Duration historyAge;
            private Duration heartbeat;
            private int maxPending;
            private long maxMessageSize;

            private Builder(Realtime from) {
                historySize = from.historySize;
                historyAge = from.historyAge;
                heartbeat = from.heartbeat;
                maxPending = from.maxPending;
                maxMessageSize = from.maxMessageSize;
            }

            public Builder historySize(int events) {
                historySize = events;
                return this;
            }

            public Builder historyAge(Duration age) {
                historyAge = age;
                return this;
            }

            public Builder heartbeat(Duration interval) {
                heartbeat = interval;
                return this;
            }

            public Builder maxPending(int messages) {
                maxPending = messages;
                return this;
            }

            public Builder maxMessageSize(long bytes) {
                maxMessageSize = bytes;
                return this;
            }

            public Realtime build() {
                return new Realtime(historySize, historyAge, heartbeat, maxPending, maxMessageSize);
            }
        }
    }

    /** Log format, level and whether requests are logged. */
    public record Logging(LogFormat format, LogLevel level, boolean accessLog) {}

    /**
     * Rate limits and bulkheads of the HTTP API, for each {@link RouteClass}: how many requests an API key (a client
     * IP on public routes) may make per period, and how many requests this node serves at once and how long one waits
     * for a place.
     *
     * @param enabled           false turns every rate limit and bulkhead off
     * @param classes           the settings of every route class
     * @param trustForwardedFor take the client IP from {@code X-Forwarded-For} (behind a trusted proxy only)
     * @param redisTimeout      longest wait for Redis before this node's own buckets answer
     */
    public record Limits(
            boolean enabled, Map<RouteClass, PerClass> classes, boolean trustForwardedFor, Duration redisTimeout) {
        public Limits {
            EnumMap<RouteClass, PerClass> all = new EnumMap<>(RouteClass.class);
            all.putAll(classes);
            if (all.size() != RouteClass.values().length) {
                throw new IllegalArgumentException("limits need every route class " + EnumSet.allOf(RouteClass.class)
                        + ", not only " + all.keySet());
            }
            classes = Collections.unmodifiableMap(all);
        }

        /**
         * One route class's settings.
         *
         * @param rate        requests per period per API key or client IP
         * @param concurrency requests served at once on this node; 0 = no bulkhead
         * @param queueWait   how long a request may wait for a place
         */
        public record PerClass(Rate rate, int concurrency, Duration queueWait) {}

        /** The settings of {@code routeClass} (every class has some: the constructor checks it). */
        public PerClass forClass(RouteClass routeClass) {
            return Objects.requireNonNull(classes.get(routeClass), routeClass.id());
        }
    }

    /**
     * The response cache: Caffeine in memory, Redis shared when {@code redis.url} is set.
     *
     * @param enabled            whether GET routes with a policy are answered from the cache
     * @param maxSize            most bytes the in-memory cache holds (bodies, compressed forms and keys)
     * @param maxEntrySize       largest body kept; larger ones are served but not cached
     * @param routes             the cacheable routes and their policies when {@code caching.routes} is set (then
     *                           this list replaces the policies routes declare; empty = nothing cached); empty when it
     *                           is not set, so each route is cached as its feature declared at registration
     * @param invalidations      event type (or {@code prefix.*}) → tags it invalidates
     * @param redis              whether Redis (when configured) is the shared second level and carries invalidations
     * @param redisPrefix        prefix of the cache's Redis keys and of its pub/sub channel
     * @param redisTimeout       longest a request waits for Redis before going on without it
     */
    public record Caching(
            boolean enabled,
            long maxSize,
            long maxEntrySize,
            Optional<List<Route>> routes,
            Map<String, List<String>> invalidations,
            boolean redis,
            String redisPrefix,
            Duration redisTimeout) {
        public Caching {
            routes = routes.map(List::copyOf);
            invalidations = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(invalidations));
        }

        /** A builder that starts from these settings. */
        public Builder toBuilder() {
            return new Builder(this);
        }

        /** Builds {@link Caching} settings from others. */
        public static final class Builder {
            private boolean enabled;
            private long maxSize;
            private long maxEntrySize;
            private Optional<List<Route>> routes;
            private Map<String, List<String>> invalidations;
            private boolean redis;
            private String redisPrefix;
            private Duration redisTimeout;

            private Builder(Caching from) {
                enabled = from.enabled;
                maxSize = from.maxSize;
                maxEntrySize = from.maxEntrySize;
                routes = from.routes;
                invalidations = from.invalidations;
                redis = from.redis;
                redisPrefix = from.redisPrefix;
                redisTimeout = from.redisTimeout;
            }

            public Builder enabled(boolean on) {
                enabled = on;
                return this;
            }

            public Builder maxSize(long bytes) {
                maxSize = bytes;
                return this;
            }

            public Builder maxEntrySize(long bytes) {
                maxEntrySize = bytes;
                return this;
            }

            /** Sets {@code caching.routes}: exactly these routes are cached, whatever routes declare. */
            public Builder routes(List<Route> newRoutes) {
                routes = Optional.of(newRoutes);
                return this;
            }

            /** Leaves {@code caching.routes} unset: each route is cached as its feature declared. */
            public Builder declaredRoutes() {
                routes = Optional.empty();
                return this;
            }

            public Builder invalidations(Map<String, List<String>> newInvalidations) {
                invalidations = newInvalidations;
                return this;
            }

            public Builder redis(boolean on) {
                redis = on;
                return this;
            }

            public Builder redisPrefix(String prefix) {
                redisPrefix = prefix;
                return this;
            }

            public Builder redisTimeout(Duration timeout) {
                redisTimeout = timeout;
                return this;
            }

            public Caching build() {
                return new Caching(
                        enabled, maxSize, maxEntrySize, routes, invalidations, redis, redisPrefix, redisTimeout);
            }
        }

        /** The policy {@code caching.routes} sets for GET {@code template}, if it is set and lists the route. */
        public Optional<Route> route(String template) {
            return routes.flatMap(list ->
                    list.stream().filter(r -> r.template().equals(template)).findFirst());
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

        /**
         * How the responses of one GET route are cached: declared with the route ({@code RouteTraits}) or set for it
         * in {@code caching.routes}.
         *
         * @param ttl    how long a response stays fresh (above 0)
         * @param stale  how long after that it may still be served while one request refreshes it (0 = never)
         * @param maxAge the {@code max-age} clients may keep it without asking again (0 = {@code no-cache})
         * @param scope  whose requests share a response
         * @param query  query parameters that are part of the key ({@code *} = all); others are ignored
         * @param tags   what invalidates it
         */
        public record Policy(
                Duration ttl, Duration stale, Duration maxAge, Scope scope, List<String> query, List<String> tags) {
            public Policy {
                if (!ttl.isPositive() || stale.isNegative() || maxAge.isNegative()) {
                    throw new IllegalArgumentException("a cache policy needs a ttl above 0 and no negative times");
                }
                query = List.copyOf(query);
                tags = List.copyOf(tags);
            }

            /** A policy whose responses stay fresh for {@code ttl}: per principal, never stale, no query, no tags. */
            public static Builder builder(Duration ttl) {
                return new Builder(ttl);
            }

            /** The options as {@code caching.routes} writes them, e.g. {@code ttl=5m scope=shared tags=agents}. */
            public String text() {
                return CachingValues.text(this);
            }

            /** Builds a {@link Policy} from its time to live and the options that differ from the defaults. */
            public static final class Builder {
                private final Duration ttl;
                private Duration stale = Duration.ZERO;
                private Duration maxAge = Duration.ZERO;
                private Scope scope = Scope.PRINCIPAL;
                private List<String> query = List.of();
                private List<String> tags = List.of();

                private Builder(Duration ttl) {
                    this.ttl = ttl;
                }

                public Builder stale(Duration servedStale) {
                    stale = servedStale;
                    return this;
                }

                public Builder maxAge(Duration clientMaxAge) {
                    maxAge = clientMaxAge;
                    return this;
                }

                public Builder scope(Scope sharedBy) {
                    scope = sharedBy;
                    return this;
                }

                public Builder query(String... parameters) {
                    query = List.of(parameters);
                    return this;
                }

                public Builder tags(String... names) {
                    tags = List.of(names);
                    return this;
                }

                public Policy build() {
                    return new Policy(ttl, stale, maxAge, scope, query, tags);
                }
            }
        }

        /**
         * One cacheable GET route and its policy.
         *
         * @param template the route template, e.g. {@code /api/v1/agents/{id}}
         * @param policy   how its responses are cached
         */
        public record Route(String template, Policy policy) {
            /** The route as {@code caching.routes} writes it, e.g. {@code /api/v1/agents ttl=5m tags=agents}. */
            public String text() {
                return template + " " + policy.text();
            }
        }
    }
}
