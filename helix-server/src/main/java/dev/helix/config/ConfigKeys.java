package dev.helix.config;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Every configuration key Helix reads. {@code helix.reference.yaml} is rendered from this list and a test
 * keeps the two, and the {@link HelixConfig} records, in step.
 */
public final class ConfigKeys {
    public static final ConfigKey<String> HOST = key(
            "server.host",
            "HELIX_HOST",
            "--host",
            "127.0.0.1",
            "Interface to listen on; 0.0.0.0 for every interface.",
            ValueType.matching("[A-Za-z0-9.:\\-\\[\\]%]{1,253}", "a host name or IP address"));
    public static final ConfigKey<Integer> PORT = key(
            "server.port",
            "HELIX_PORT",
            "--port",
            "8080",
            "TCP port to listen on; 0 picks a free one.",
            ValueType.integer(0, 65535));
    public static final ConfigKey<Long> MAX_BODY_SIZE = key(
            "server.maxBodySize",
            "HELIX_MAX_BODY_SIZE",
            null,
            "1MiB",
            "Largest request body accepted; larger ones get 413.",
            ValueType.size(1024, 1L << 30));
    public static final ConfigKey<Duration> SHUTDOWN_GRACE = key(
            "server.shutdownGrace",
            "HELIX_SHUTDOWN_GRACE",
            null,
            "10s",
            "How long a stop waits for in-flight requests to finish.",
            ValueType.duration(Duration.ZERO, Duration.ofMinutes(10)));
    public static final ConfigKey<String> NODE_ID = key(
            "server.nodeId",
            "HELIX_NODE_ID",
            null,
            "",
            "This node's name in /status and logs; empty = the host name.",
            ValueType.matching("[A-Za-z0-9._-]{0,64}", "up to 64 letters, digits, '.', '_' or '-'"));
    public static final ConfigKey<Duration> REQUEST_HEADERS_TIMEOUT = key(
            "server.requestHeadersTimeout",
            "HELIX_REQUEST_HEADERS_TIMEOUT",
            null,
            "30s",
            "Longest a request's line and header fields may take to "
                    + "arrive once it has begun; a slower one is answered 408 and its connection closed.",
            ValueType.duration(Duration.ofMillis(100), Duration.ofMinutes(10)));
    public static final ConfigKey<Duration> REQUEST_BODY_TIMEOUT = key(
            "server.requestBodyTimeout",
            "HELIX_REQUEST_BODY_TIMEOUT",
            null,
            "60s",
            "Longest a request body may take to arrive once the server "
                    + "reads it; a slower one is answered 408 and its connection closed.",
            ValueType.duration(Duration.ofMillis(100), Duration.ofHours(1)));
    public static final ConfigKey<Duration> IDLE_TIMEOUT = key(
            "server.idleTimeout",
            "HELIX_IDLE_TIMEOUT",
            null,
            "2m",
            "How long an idle keep-alive connection stays open.",
            ValueType.duration(Duration.ofSeconds(1), Duration.ofHours(1)));
    public static final ConfigKey<Boolean> HTTP2 = key(
            "server.http2",
            "HELIX_HTTP2",
            null,
            "false",
            "Also serve HTTP/2 over cleartext (h2c, by prior knowledge or upgrade); Server-Sent Events then need "
                    + "HTTP/1.1 (505 over HTTP/2).",
            ValueType.bool());
    public static final ConfigKey<HelixConfig.Server.Compression> COMPRESSION = key(
            "server.compression",
            "HELIX_COMPRESSION",
            null,
            "gzip",
            "Compress response bodies when the client accepts it (never event streams).",
            ValueType.oneOf(HelixConfig.Server.Compression.class));
    public static final ConfigKey<Long> COMPRESSION_MIN_SIZE = key(
            "server.compressionMinSize",
            "HELIX_COMPRESSION_MIN_SIZE",
            null,
            "1KiB",
            "Smallest response body compressed.",
            ValueType.size(0, 1L << 30));
    public static final ConfigKey<Integer> COMPRESSION_LEVEL = key(
            "server.compressionLevel",
            "HELIX_COMPRESSION_LEVEL",
            null,
            "6",
            "gzip level: 1 is fastest, 9 smallest.",
            ValueType.integer(1, 9));

    public static final ConfigKey<java.nio.file.Path> DATA_DIR = key(
            "storage.dataDir",
            "HELIX_DATA_DIR",
            "--data-dir",
            "./data",
            "Folder for the embedded database and other local files.",
            ValueType.path());
    public static final ConfigKey<String> DATABASE_URL = key(
            "storage.databaseUrl",
            "HELIX_DATABASE_URL",
            "--database-url",
            "",
            "Empty = SQLite in the data folder; postgresql://user:pass@host:5432/db for " + "PostgreSQL.",
            DatabaseUrlType.INSTANCE,
            true);
    public static final ConfigKey<String> DATABASE_USER = key(
            "storage.databaseUser",
            "HELIX_DATABASE_USER",
            null,
            "",
            "PostgreSQL user, if not given in the URL.",
            ValueType.text());
    public static final ConfigKey<String> DATABASE_PASSWORD = key(
            "storage.databasePassword",
            "HELIX_DATABASE_PASSWORD",
            null,
            "",
            "PostgreSQL password, if not given in the URL.",
            ValueType.text(),
            true);
    public static final ConfigKey<Integer> POOL_SIZE = key(
            "storage.poolSize",
            "HELIX_DATABASE_POOL_SIZE",
            null,
            "10",
            "Most database connections held open (SQLite uses at most 4).",
            ValueType.integer(1, 200));
    public static final ConfigKey<Duration> BUSY_TIMEOUT = key(
            "storage.busyTimeout",
            "HELIX_DATABASE_BUSY_TIMEOUT",
            null,
            "5s",
            "How long a query waits for a locked database or a free connection.",
            ValueType.duration(Duration.ofMillis(100), Duration.ofMinutes(5)));

    public static final ConfigKey<String> REDIS_URL = key(
            "redis.url",
            "HELIX_REDIS_URL",
            "--redis-url",
            "",
            "Empty = no Redis; redis://[user:pass@]host:6379[/db] for multi-node features: shared caches and rate "
                    + "limits; reported in /health/ready (DEGRADED while unreachable).",
            ValueType.matching("(rediss?://\\S+)?", "empty or a redis:// or rediss:// URL"),
            true);

    public static final ConfigKey<String> ADMIN_KEY = key(
            "auth.adminKey",
            "HELIX_ADMIN_KEY",
            null,
            "",
            "An admin API key (hx_ and 40+ letters/digits) to install at start; empty = generate one on first start.",
            ValueType.matching("(hx_[A-Za-z0-9]{40,128})?", "empty or 'hx_' followed by 40 to 128 letters or digits"),
            true);
    public static final ConfigKey<Boolean> PUBLIC_METRICS = key(
            "auth.publicMetrics",
            "HELIX_PUBLIC_METRICS",
            null,
            "true",
            "Whether GET /metrics is open to anyone (false = admin key required).",
            ValueType.bool());

    public static final ConfigKey<LogFormat> LOG_FORMAT = key(
            "logging.format",
            "HELIX_LOG_FORMAT",
            "--log-format",
            "text",
            "Log lines as readable text or as JSON objects, one a line.",
            ValueType.oneOf(LogFormat.class));
    public static final ConfigKey<LogLevel> LOG_LEVEL = key(
            "logging.level",
            "HELIX_LOG_LEVEL",
            "--log-level",
            "info",
            "Least severe level written.",
            ValueType.oneOf(LogLevel.class));
    public static final ConfigKey<Boolean> ACCESS_LOG = key(
            "logging.accessLog",
            "HELIX_ACCESS_LOG",
            null,
            "true",
            "Write one line per HTTP request, and one per WebSocket session or SSE stream when it ends.",
            ValueType.bool());

    public static final ConfigKey<java.util.Optional<java.nio.file.Path>> AGENTS_DIR = key(
            "storage.agentsDir",
            "HELIX_AGENTS_DIR",
            null,
            "",
            "Folder of agent definitions, one YAML file per agent, reloaded on change; "
                    + "empty = <dataDir>/agents (seeded with the default collective on first start).",
            ValueType.optionalPath());

    public static final ConfigKey<Long> STATE_MAX_SIZE = key(
            "state.maxSize",
            "HELIX_STATE_MAX_SIZE",
            null,
            "1MiB",
            "Largest shared state document, as compact JSON.",
            ValueType.size(1024, 64L << 20));
    public static final ConfigKey<Integer> STATE_MAX_DEPTH = key(
            "state.maxDepth",
            "HELIX_STATE_MAX_DEPTH",
            null,
            "64",
            "Deepest nesting of objects and arrays in the shared state document.",
            ValueType.integer(1, 64));
    public static final ConfigKey<Integer> STATE_HISTORY = key(
            "state.history",
            "HELIX_STATE_HISTORY",
            null,
            "100",
            "How many past versions of the shared state are kept.",
            ValueType.integer(1, 100_000));
    public static final ConfigKey<java.util.Optional<java.nio.file.Path>> STATE_FILE = key(
            "state.file",
            "HELIX_STATE_FILE",
            null,
            "",
            "A JSON file mirroring the shared state: written on every change, and "
                    + "an edit to it becomes a new version; empty = no file.",
            ValueType.optionalPath());
    public static final ConfigKey<dev.helix.access.Role> STATE_WRITE_ROLE = key(
            "state.writeRole",
            "HELIX_STATE_WRITE_ROLE",
            null,
            "admin",
            "Least role that may change the shared state.",
            ValueType.oneOf(dev.helix.access.Role.class));

    public static final ConfigKey<Integer> REALTIME_HISTORY_SIZE = key(
            "realtime.historySize",
            "HELIX_REALTIME_HISTORY_SIZE",
            null,
            "1000",
            "Events kept per topic so reconnecting clients can resume.",
            ValueType.integer(1, 1_000_000));
    public static final ConfigKey<Duration> REALTIME_HISTORY_AGE = key(
            "realtime.historyAge",
            "HELIX_REALTIME_HISTORY_AGE",
            null,
            "5m",
            "How long events are kept per topic for resuming clients.",
            ValueType.duration(Duration.ofSeconds(1), Duration.ofDays(1)));
    public static final ConfigKey<Duration> REALTIME_HEARTBEAT = key(
            "realtime.heartbeat",
            "HELIX_REALTIME_HEARTBEAT",
            null,
            "25s",
            "Idle interval after which a ping (WebSocket) or comment (SSE) "
                    + "is sent; a WebSocket silent for two intervals is closed.",
            ValueType.duration(Duration.ofMillis(100), Duration.ofMinutes(10)));
    public static final ConfigKey<Integer> REALTIME_MAX_PENDING = key(
            "realtime.maxPending",
            "HELIX_REALTIME_MAX_PENDING",
            null,
            "1000",
            "Messages queued for one client before it is disconnected " + "as too slow.",
            ValueType.integer(1, 1_000_000));
    public static final ConfigKey<Long> REALTIME_MAX_MESSAGE = key(
            "realtime.maxMessageSize",
            "HELIX_REALTIME_MAX_MESSAGE_SIZE",
            null,
            "64KiB",
            "Largest message a WebSocket client may send.",
            ValueType.size(256, 16L << 20));

    // The durable event log (dev.helix.events), read into HelixConfig.Events.
    public static final ConfigKey<Duration> EVENTS_POLL_INTERVAL = key(
            "events.pollInterval",
            "HELIX_EVENTS_POLL_INTERVAL",
            null,
            "1s",
            "How often the event log is read for events other processes sharing the database wrote "
                    + "(this node's own events are published at once; on PostgreSQL other nodes' events wake it "
                    + "at once, and this read is the safety net).",
            ValueType.duration(Duration.ofMillis(10), Duration.ofMinutes(10)));
    public static final ConfigKey<Duration> EVENTS_RETENTION = key(
            "events.retention",
            "HELIX_EVENTS_RETENTION",
            null,
            "7d",
            "How long events are kept in the event log; older ones are pruned in the background.",
            ValueType.duration(Duration.ofMinutes(1), Duration.ofDays(3650)));
    public static final ConfigKey<Integer> EVENTS_MAX_EVENTS = key(
            "events.maxEvents",
            "HELIX_EVENTS_MAX_EVENTS",
            null,
            "1000000",
            "Most events kept in the event log; the oldest beyond it are pruned in the background.",
            ValueType.integer(1000, 1_000_000_000));
    // Agent messaging (dev.helix.messaging): read into HelixConfig.Messaging.
    public static final ConfigKey<Duration> MESSAGING_VISIBILITY = key(
            "messaging.visibility",
            "HELIX_MESSAGING_VISIBILITY",
            null,
            "30s",
            "How long a taken message stays invisible to other takers; not acknowledged by then, it is delivered "
                    + "again.",
            ValueType.duration(Duration.ofSeconds(1), Duration.ofHours(12)));
    public static final ConfigKey<Duration> MESSAGING_MAX_WAIT = key(
            "messaging.maxWait",
            "HELIX_MESSAGING_MAX_WAIT",
            null,
            "60s",
            "Longest 'wait' of a long poll for messages or of a request waiting for its reply; a longer one is "
                    + "refused (400).",
            ValueType.duration(Duration.ZERO, Duration.ofMinutes(5)));
    public static final ConfigKey<Duration> MESSAGING_PRIORITY_STEP = key(
            "messaging.priorityStep",
            "HELIX_MESSAGING_PRIORITY_STEP",
            null,
            "30s",
            "Messages are taken as if posted this much later per priority below high (normal 1 step, low 2), so a "
                    + "waiting low message goes before high ones posted over 2 steps after it: low is never starved.",
            ValueType.duration(Duration.ofMillis(1), Duration.ofDays(1)));
    public static final ConfigKey<Duration> MESSAGING_DEFAULT_TTL = key(
            "messaging.defaultTtl",
            "HELIX_MESSAGING_DEFAULT_TTL",
            null,
            "24h",
            "How long a message without a 'ttl' may wait before it expires unread.",
            ValueType.duration(Duration.ofSeconds(1), Duration.ofDays(7)));
    public static final ConfigKey<Long> MESSAGING_MAX_DATA_SIZE = key(
            "messaging.maxDataSize",
            "HELIX_MESSAGING_MAX_DATA_SIZE",
            null,
            "64KiB",
            "Largest 'data' of a message, as compact JSON; larger ones get 413.",
            ValueType.size(256, 16L << 20));
    public static final ConfigKey<dev.helix.access.Role> MESSAGING_CONSUME_ROLE = key(
            "messaging.consumeRole",
            "HELIX_MESSAGING_CONSUME_ROLE",
            null,
            "user",
            "Least role that may take, acknowledge, release and answer an agent's messages (any key may post).",
            ValueType.oneOf(dev.helix.access.Role.class));
    // Conversations (dev.helix.conversations): read into HelixConfig.Conversations.
    public static final ConfigKey<Long> CONVERSATIONS_MAX_PART_SIZE = key(
            "conversations.maxPartSize",
            "HELIX_CONVERSATIONS_MAX_PART_SIZE",
            null,
            "32KiB",
            "Largest text of one part of a conversation message (UTF-8); a larger one is refused (413).",
            ValueType.size(1024, 1L << 20));
    public static final ConfigKey<Long> CONVERSATIONS_MAX_METADATA_SIZE = key(
            "conversations.maxMetadataSize",
            "HELIX_CONVERSATIONS_MAX_METADATA_SIZE",
            null,
            "16KiB",
            "Largest 'metadata' of a conversation or of a message, as compact JSON; a larger one is refused (413).",
            ValueType.size(256, 1L << 20));
    public static final ConfigKey<HelixConfig.Conversations.BusyPolicy> CONVERSATIONS_BUSY_POLICY = key(
            "conversations.busyPolicy",
            "HELIX_CONVERSATIONS_BUSY_POLICY",
            null,
            "reject",
            "A message sent while the agent is still answering: reject (409 naming the answer in progress), queue "
                    + "(answered in order) or interrupt (the answer in progress is stopped and kept as it is).",
            ValueType.oneOf(HelixConfig.Conversations.BusyPolicy.class));
    public static final ConfigKey<Duration> CONVERSATIONS_QUEUE_WAIT = key(
            "conversations.queueWait",
            "HELIX_CONVERSATIONS_QUEUE_WAIT",
            null,
            "5m",
            "Longest a queued message waits for the answers before it; then its answer is stored as failed.",
            ValueType.duration(Duration.ofSeconds(1), Duration.ofHours(1)));
    public static final ConfigKey<Integer> CONVERSATIONS_ANSWER_TOKENS = key(
            "conversations.answerTokens",
            "HELIX_CONVERSATIONS_ANSWER_TOKENS",
            null,
            "1024",
            "Tokens of the agent model's context window kept for the answer; the prompt gets the rest.",
            ValueType.integer(16, 1_000_000));
    public static final ConfigKey<Integer> CONVERSATIONS_SUMMARY_TOKENS = key(
            "conversations.summaryTokens",
            "HELIX_CONVERSATIONS_SUMMARY_TOKENS",
            null,
            "512",
            "Most tokens of the summary that stands for older turns in a prompt when the whole history does not fit.",
            ValueType.integer(16, 100_000));
    public static final ConfigKey<Integer> CONVERSATIONS_HISTORY_TOKENS = key(
            "conversations.historyTokens",
            "HELIX_CONVERSATIONS_HISTORY_TOKENS",
            null,
            "0",
            "Most tokens of history (older turns' summary included) a prompt carries, to keep long conversations cheap: "
                    + "older turns beyond it are summarised; 0 = as much as the agent model's context window leaves.",
            ValueType.integer(0, 10_000_000));

    // Memory (dev.helix.memory): read into HelixConfig.Memory.
    public static final ConfigKey<Long> MEMORY_MAX_TEXT_SIZE = key(
            "memory.maxTextSize",
            "HELIX_MEMORY_MAX_TEXT_SIZE",
            null,
            "2KiB",
            "Largest text of one memory (UTF-8); a larger one is refused (413).",
            ValueType.size(64, 64L << 10));
    public static final ConfigKey<Long> MEMORY_MAX_PROFILE_SIZE = key(
            "memory.maxProfileSize",
            "HELIX_MEMORY_MAX_PROFILE_SIZE",
            null,
            "4KiB",
            "Largest pinned profile of one owner (UTF-8); a larger one is refused (413).",
            ValueType.size(64, 256L << 10));
    public static final ConfigKey<Integer> MEMORY_PROMPT_TOKENS = key(
            "memory.promptTokens",
            "HELIX_MEMORY_PROMPT_TOKENS",
            null,
            "512",
            "Most tokens the pinned profile and the memories take in an agent's prompt; the least relevant are left "
                    + "out first.",
            ValueType.integer(0, 100_000));
    public static final ConfigKey<Integer> MEMORY_PROMPT_MAX_ITEMS = key(
            "memory.promptMaxItems",
            "HELIX_MEMORY_PROMPT_MAX_ITEMS",
            null,
            "8",
            "Most memories in an agent's prompt, the most relevant to what the person just wrote.",
            ValueType.integer(0, 50));
    public static final ConfigKey<Duration> MEMORY_RECENCY_HALF_LIFE = key(
            "memory.recencyHalfLife",
            "HELIX_MEMORY_RECENCY_HALF_LIFE",
            null,
            "30d",
            "Age at which a memory weighs half as much as a new one of the same relevance in retrieval.",
            ValueType.duration(Duration.ofMinutes(1), Duration.ofDays(3650)));
    // Memory synthesis (dev.helix.synthesis): read into HelixConfig.Memory.synthesis.
    public static final ConfigKey<Boolean> SYNTHESIS_ENABLED = key(
            "memory.synthesis.enabled",
            "HELIX_MEMORY_SYNTHESIS_ENABLED",
            null,
            "true",
            "Whether conversations' new messages are turned into memories in the background; false turns it all off.",
            ValueType.bool());
    public static final ConfigKey<Duration> SYNTHESIS_IDLE_AFTER = key(
            "memory.synthesis.idleAfter",
            "HELIX_MEMORY_SYNTHESIS_IDLE_AFTER",
            null,
            "10m",
            "A conversation with new messages that has been idle this long gets a synthesis run.",
            ValueType.duration(Duration.ofSeconds(1), Duration.ofDays(7)));
    public static final ConfigKey<Integer> SYNTHESIS_EVERY_MESSAGES = key(
            "memory.synthesis.everyMessages",
            "HELIX_MEMORY_SYNTHESIS_EVERY_MESSAGES",
            null,
            "20",
            "... or as soon as it has this many new messages (questions and answers both count).",
            ValueType.integer(1, 10_000));
    public static final ConfigKey<Integer> SYNTHESIS_MAX_MESSAGES_PER_RUN = key(
            "memory.synthesis.maxMessagesPerRun",
            "HELIX_MEMORY_SYNTHESIS_MAX_MESSAGES_PER_RUN",
            null,
            "50",
            "Most messages one run reads; the rest are read by the next run.",
            ValueType.integer(1, 1000));
    public static final ConfigKey<Integer> SYNTHESIS_TOP_K = key(
            "memory.synthesis.topK",
            "HELIX_MEMORY_SYNTHESIS_TOP_K",
            null,
            "5",
            "Most existing memories each candidate fact is compared with (the most similar ones).",
            ValueType.integer(1, 50));
    public static final ConfigKey<String> SYNTHESIS_EMBEDDING_MODEL = key(
            "memory.synthesis.embeddingModel",
            "HELIX_MEMORY_SYNTHESIS_EMBEDDING_MODEL",
            null,
            "",
            "A gateway model whose embeddings re-rank the similar memories of a candidate by cosine; empty for none "
                    + "(lexical similarity only).",
            ValueType.text());
    public static final ConfigKey<Integer> SYNTHESIS_MAX_ATTEMPTS = key(
            "memory.synthesis.maxAttempts",
            "HELIX_MEMORY_SYNTHESIS_MAX_ATTEMPTS",
            null,
            "4",
            "Attempts of a run before it fails for good (recorded, counted in helix.synthesis.runs).",
            ValueType.integer(1, 100));
    public static final ConfigKey<Duration> SYNTHESIS_BACKOFF = key(
            "memory.synthesis.backoff",
            "HELIX_MEMORY_SYNTHESIS_BACKOFF",
            null,
            "30s",
            "Wait after a failed attempt, doubled after each further one (at most 6h).",
            ValueType.duration(Duration.ofMillis(1), Duration.ofHours(6)));
    public static final ConfigKey<java.math.BigDecimal> SYNTHESIS_DAILY_BUDGET_USD = key(
            "memory.synthesis.dailyBudgetUsd",
            "HELIX_MEMORY_SYNTHESIS_DAILY_BUDGET_USD",
            null,
            "5",
            "Most US dollars synthesis spends in a UTC day, all nodes together; then runs wait for the next day. 0 "
                    + "for no cap.",
            ValueType.of("a number of US dollars from 0 to 1000000", ConfigKeys::dollars));
    public static final ConfigKey<Integer> SYNTHESIS_CONCURRENCY = key(
            "memory.synthesis.concurrency",
            "HELIX_MEMORY_SYNTHESIS_CONCURRENCY",
            null,
            "2",
            "Most synthesis runs one node runs at once.",
            ValueType.integer(1, 64));
    public static final ConfigKey<Duration> SYNTHESIS_POLL_INTERVAL = key(
            "memory.synthesis.pollInterval",
            "HELIX_MEMORY_SYNTHESIS_POLL_INTERVAL",
            null,
            "5s",
            "How often a node looks for conversations due for a run and for runs to take.",
            ValueType.duration(Duration.ofMillis(10), Duration.ofMinutes(10)));

    // Rate limits and bulkheads (dev.helix.ratelimit): a rate and a bulkhead per route class, read into
    // HelixConfig.Limits. Keys of one class are made by the helpers right below.
    public static final ConfigKey<Boolean> LIMITS_ENABLED = key(
            "limits.enabled",
            "HELIX_LIMITS_ENABLED",
            null,
            "true",
            "Rate limits and bulkheads of the HTTP API; false turns all of them off.",
            ValueType.bool());
    public static final ConfigKey<Rate> LIMITS_GATEWAY_RATE =
            limitRate(RouteClass.GATEWAY, "60000/1m", "LLM gateway requests (/v1/...) per API key");
    public static final ConfigKey<Integer> LIMITS_GATEWAY_CONCURRENCY = limitConcurrency(
            RouteClass.GATEWAY,
            "10000",
            "LLM gateway requests (streams included; mostly waiting on providers, so cheap)");
    public static final ConfigKey<Duration> LIMITS_GATEWAY_QUEUE_WAIT =
            limitQueueWait(RouteClass.GATEWAY, "gateway request");
    public static final ConfigKey<Rate> LIMITS_COMMANDS_RATE =
            limitRate(RouteClass.COMMANDS, "6000/1m", "Command requests (/api/v1/commands...) per API key");
    public static final ConfigKey<Integer> LIMITS_COMMANDS_CONCURRENCY =
            limitConcurrency(RouteClass.COMMANDS, "128", "Command requests");
    public static final ConfigKey<Duration> LIMITS_COMMANDS_QUEUE_WAIT =
            limitQueueWait(RouteClass.COMMANDS, "command request");
    public static final ConfigKey<Rate> LIMITS_ADMIN_RATE = limitRate(
            RouteClass.ADMIN,
            "6000/1m",
            "Requests to admin-only routes (keys; state writes when state.writeRole is admin) per API key");
    public static final ConfigKey<Integer> LIMITS_ADMIN_CONCURRENCY =
            limitConcurrency(RouteClass.ADMIN, "32", "Requests to admin-only routes");
    public static final ConfigKey<Duration> LIMITS_ADMIN_QUEUE_WAIT =
            limitQueueWait(RouteClass.ADMIN, "request to an admin-only route");
    public static final ConfigKey<Rate> LIMITS_PUBLIC_RATE = limitRate(
            RouteClass.PUBLIC,
            "1200/1m",
            "Requests per client IP to routes open without a key (/status, /metrics; health probes are never "
                    + "limited)");
    public static final ConfigKey<Integer> LIMITS_PUBLIC_CONCURRENCY =
            limitConcurrency(RouteClass.PUBLIC, "64", "Requests to routes open without a key (health probes excepted)");
    public static final ConfigKey<Duration> LIMITS_PUBLIC_QUEUE_WAIT =
            limitQueueWait(RouteClass.PUBLIC, "request to a public route");
    public static final ConfigKey<Rate> LIMITS_DEFAULT_RATE =
            limitRate(RouteClass.DEFAULT, "60000/1m", "Requests to every other route per API key");
    public static final ConfigKey<Integer> LIMITS_DEFAULT_CONCURRENCY =
            limitConcurrency(RouteClass.DEFAULT, "512", "Requests to every other route (real-time streams excepted)");
    public static final ConfigKey<Duration> LIMITS_DEFAULT_QUEUE_WAIT =
            limitQueueWait(RouteClass.DEFAULT, "request to any other route");
    public static final ConfigKey<Boolean> LIMITS_TRUST_FORWARDED_FOR = key(
            "limits.trustForwardedFor",
            "HELIX_LIMITS_TRUST_FORWARDED_FOR",
            null,
            "false",
            "Take a public route's client IP from the last "
                    + "X-Forwarded-For entry; only behind a proxy that always sets it (false = the connection's "
                    + "address).",
            ValueType.bool());
    public static final ConfigKey<Duration> LIMITS_REDIS_TIMEOUT = key(
            "limits.redisTimeout",
            "HELIX_LIMITS_REDIS_TIMEOUT",
            null,
            "10ms",
            "With redis.url set, rates are counted in Redis for all "
                    + "nodes; a request waits at most this long for it, then this node's own counts answer.",
            ValueType.duration(Duration.ofMillis(1), Duration.ofSeconds(5)));
    /** The keys of {@link HelixConfig.Limits}, in the order of the reference file. */
    static final List<ConfigKey<?>> LIMITS = List.of(
            LIMITS_ENABLED,
            LIMITS_GATEWAY_RATE,
            LIMITS_GATEWAY_CONCURRENCY,
            LIMITS_GATEWAY_QUEUE_WAIT,
            LIMITS_COMMANDS_RATE,
            LIMITS_COMMANDS_CONCURRENCY,
            LIMITS_COMMANDS_QUEUE_WAIT,
            LIMITS_ADMIN_RATE,
            LIMITS_ADMIN_CONCURRENCY,
            LIMITS_ADMIN_QUEUE_WAIT,
            LIMITS_PUBLIC_RATE,
            LIMITS_PUBLIC_CONCURRENCY,
            LIMITS_PUBLIC_QUEUE_WAIT,
            LIMITS_DEFAULT_RATE,
            LIMITS_DEFAULT_CONCURRENCY,
            LIMITS_DEFAULT_QUEUE_WAIT,
            LIMITS_TRUST_FORWARDED_FOR,
            LIMITS_REDIS_TIMEOUT);

    /** The keys of one route class's {@link HelixConfig.Limits.PerClass}. */
    record ClassKeys(ConfigKey<Rate> rate, ConfigKey<Integer> concurrency, ConfigKey<Duration> queueWait) {}

    /** The keys of each route class's limits. */
    static final Map<RouteClass, ClassKeys> LIMITS_BY_CLASS = Collections.unmodifiableMap(new EnumMap<>(Map.of(
            RouteClass.GATEWAY,
            new ClassKeys(LIMITS_GATEWAY_RATE, LIMITS_GATEWAY_CONCURRENCY, LIMITS_GATEWAY_QUEUE_WAIT),
            RouteClass.COMMANDS,
            new ClassKeys(LIMITS_COMMANDS_RATE, LIMITS_COMMANDS_CONCURRENCY, LIMITS_COMMANDS_QUEUE_WAIT),
            RouteClass.ADMIN,
            new ClassKeys(LIMITS_ADMIN_RATE, LIMITS_ADMIN_CONCURRENCY, LIMITS_ADMIN_QUEUE_WAIT),
            RouteClass.PUBLIC,
            new ClassKeys(LIMITS_PUBLIC_RATE, LIMITS_PUBLIC_CONCURRENCY, LIMITS_PUBLIC_QUEUE_WAIT),
            RouteClass.DEFAULT,
            new ClassKeys(LIMITS_DEFAULT_RATE, LIMITS_DEFAULT_CONCURRENCY, LIMITS_DEFAULT_QUEUE_WAIT))));

    private static ConfigKey<Rate> limitRate(RouteClass cls, String def, String what) {
        return key(
                "limits." + cls.id() + "Rate",
                "HELIX_LIMITS_" + cls.name() + "_RATE",
                null,
                def,
                what + ": N/period (period 1s to 1d), or off; shared by all nodes when redis.url is set.",
                Rate.TYPE);
    }

    private static ConfigKey<Integer> limitConcurrency(RouteClass cls, String def, String what) {
        return key(
                "limits." + cls.id() + "Concurrency",
                "HELIX_LIMITS_" + cls.name() + "_CONCURRENCY",
                null,
                def,
                what + " this node serves at once; more wait in line; 0 = no limit.",
                ValueType.integer(0, 100_000));
    }

    private static ConfigKey<Duration> limitQueueWait(RouteClass cls, String what) {
        return key(
                "limits." + cls.id() + "QueueWait",
                "HELIX_LIMITS_" + cls.name() + "_QUEUE_WAIT",
                null,
                "1s",
                "How long a " + what + " waits in line for a place before it gets 503; 0 = no wait.",
                ValueType.duration(Duration.ZERO, Duration.ofMinutes(1)));
    }

    // Response cache (section caching): Caffeine in memory, Redis shared when redis.url is set.
    public static final ConfigKey<Boolean> CACHE_ENABLED = key(
            "caching.enabled",
            "HELIX_CACHE",
            null,
            "true",
            "Answer cacheable GET routes (as each route declares, or as caching.routes says) from the response cache.",
            ValueType.bool());
    public static final ConfigKey<Long> CACHE_MAX_SIZE = key(
            "caching.maxSize",
            "HELIX_CACHE_MAX_SIZE",
            null,
            "64MiB",
            "Most memory the response cache holds (bodies, their compressed forms and keys).",
            ValueType.size(64 * 1024, 16L << 30));
    public static final ConfigKey<Long> CACHE_MAX_ENTRY_SIZE = key(
            "caching.maxEntrySize",
            "HELIX_CACHE_MAX_ENTRY_SIZE",
            null,
            "1MiB",
            "Largest response body cached; larger ones are served " + "uncached.",
            ValueType.size(1024, 256L << 20));
    public static final ConfigKey<java.util.List<HelixConfig.Caching.Route>> CACHE_ROUTES = keyWithoutDefault(
            "caching.routes",
            "HELIX_CACHE_ROUTES",
            "Cacheable GET routes, ';'-separated: template, ttl, stale (served while one request refreshes), maxAge "
                    + "(for clients), scope (shared|role|principal: who shares a response; default principal), "
                    + "query (parameters in the key; * = all) and tags. Unset by default: each route is cached as "
                    + "the feature that registers it declares (Helix's own routes: the value shown); once set (even "
                    + "to \"\") this list replaces them all.",
            CachingValues.routes());
    public static final ConfigKey<Map<String, java.util.List<String>>> CACHE_INVALIDATIONS = key(
            "caching.invalidations",
            "HELIX_CACHE_INVALIDATIONS",
            null,
            "state.changed=state,status; agents.changed=agents,status; commands.changed=commands; "
                    + "maintenance.changed=status",
            "Which events invalidate which tags, before the event reaches other subscribers.",
            CachingValues.invalidations());
    public static final ConfigKey<Boolean> CACHE_REDIS = key(
            "caching.redis",
            "HELIX_CACHE_REDIS",
            null,
            "true",
            "With redis.url set: share cached responses through Redis and send invalidations to every node.",
            ValueType.bool());
    public static final ConfigKey<String> CACHE_REDIS_PREFIX = key(
            "caching.redisPrefix",
            "HELIX_CACHE_REDIS_PREFIX",
            null,
            "helix:cache",
            "Prefix of the response cache's Redis keys and pub/sub channel (nodes that share "
                    + "a cache use the same).",
            ValueType.matching("[A-Za-z0-9:._-]{1,64}", "1 to 64 of A-Z a-z " + "0-9 : . _ -"));
    public static final ConfigKey<Duration> CACHE_REDIS_TIMEOUT = key(
            "caching.redisTimeout",
            "HELIX_CACHE_REDIS_TIMEOUT",
            null,
            "50ms",
            "Longest a request waits for Redis; slower answers mark it "
                    + "degraded and requests go on without it until it recovers.",
            ValueType.duration(Duration.ofMillis(1), Duration.ofSeconds(5)));
    /** Every key, in the order of the reference file. */
    public static final List<ConfigKey<?>> ALL = concat(
            List.of(
                    HOST,
                    PORT,
                    MAX_BODY_SIZE,
                    SHUTDOWN_GRACE,
                    NODE_ID,
                    REQUEST_HEADERS_TIMEOUT,
                    REQUEST_BODY_TIMEOUT,
                    IDLE_TIMEOUT,
                    HTTP2,
                    COMPRESSION,
                    COMPRESSION_MIN_SIZE,
                    COMPRESSION_LEVEL,
                    DATA_DIR,
                    DATABASE_URL,
                    DATABASE_USER,
                    DATABASE_PASSWORD,
                    POOL_SIZE,
                    BUSY_TIMEOUT,
                    AGENTS_DIR,
                    REDIS_URL,
                    ADMIN_KEY,
                    PUBLIC_METRICS,
                    LOG_FORMAT,
                    LOG_LEVEL,
                    ACCESS_LOG,
                    STATE_MAX_SIZE,
                    STATE_MAX_DEPTH,
                    STATE_HISTORY,
                    STATE_FILE,
                    STATE_WRITE_ROLE,
                    REALTIME_HISTORY_SIZE,
                    REALTIME_HISTORY_AGE,
                    REALTIME_HEARTBEAT,
                    REALTIME_MAX_PENDING,
                    REALTIME_MAX_MESSAGE,
                    EVENTS_POLL_INTERVAL,
                    EVENTS_RETENTION,
                    EVENTS_MAX_EVENTS,
                    CACHE_ENABLED,
                    CACHE_MAX_SIZE,
                    CACHE_MAX_ENTRY_SIZE,
                    CACHE_ROUTES,
                    CACHE_INVALIDATIONS,
                    CACHE_REDIS,
                    CACHE_REDIS_PREFIX,
                    CACHE_REDIS_TIMEOUT),
            LIMITS,
            List.of(
                    MESSAGING_VISIBILITY,
                    MESSAGING_MAX_WAIT,
                    MESSAGING_PRIORITY_STEP,
                    MESSAGING_DEFAULT_TTL,
                    MESSAGING_MAX_DATA_SIZE,
                    MESSAGING_CONSUME_ROLE,
                    CONVERSATIONS_MAX_PART_SIZE,
                    CONVERSATIONS_MAX_METADATA_SIZE,
                    CONVERSATIONS_BUSY_POLICY,
                    CONVERSATIONS_QUEUE_WAIT,
                    CONVERSATIONS_ANSWER_TOKENS,
                    CONVERSATIONS_SUMMARY_TOKENS,
                    CONVERSATIONS_HISTORY_TOKENS,
                    MEMORY_MAX_TEXT_SIZE,
                    MEMORY_MAX_PROFILE_SIZE,
                    MEMORY_PROMPT_TOKENS,
                    MEMORY_PROMPT_MAX_ITEMS,
                    MEMORY_RECENCY_HALF_LIFE,
                    SYNTHESIS_ENABLED,
                    SYNTHESIS_IDLE_AFTER,
                    SYNTHESIS_EVERY_MESSAGES,
                    SYNTHESIS_MAX_MESSAGES_PER_RUN,
                    SYNTHESIS_TOP_K,
                    SYNTHESIS_EMBEDDING_MODEL,
                    SYNTHESIS_MAX_ATTEMPTS,
                    SYNTHESIS_BACKOFF,
                    SYNTHESIS_DAILY_BUDGET_USD,
                    SYNTHESIS_CONCURRENCY,
                    SYNTHESIS_POLL_INTERVAL));

    /**
     * Keys that were renamed, by their old name: the old name is still read, as the new key, with a warning. Their
     * environment variables never named the section and are unchanged.
     */
    static final Map<String, ConfigKey<?>> OLD_NAMES = Map.of(
            "caching.compression", COMPRESSION,
            "caching.compressionMinSize", COMPRESSION_MIN_SIZE,
            "caching.compressionLevel", COMPRESSION_LEVEL,
            "caching.http2", HTTP2,
            "caching.idleTimeout", IDLE_TIMEOUT);

    /** The name {@code key} had before it was renamed, if it was. */
    static java.util.Optional<String> oldNameOf(ConfigKey<?> key) {
        return OLD_NAMES.entrySet().stream()
                .filter(e -> e.getValue().equals(key))
                .map(Map.Entry::getKey)
                .findFirst();
    }

    /**
     * Sections of {@code helix.yaml} that hold lists and are read by the feature that owns them, with their own
     * validation and reload: {@code agents:} (a list of agent definitions) and {@code gateway:} (LLM providers and models).
     */
    public static final java.util.Set<String> FEATURE_SECTIONS = java.util.Set.of("agents", "gateway");

    /** Feature flags live under this section as {@code features.<name>: true|false}. */
    public static final String FEATURES = "features";
    /** A feature flag's environment variable is this prefix plus the name in upper case, '-' as '_'. */
    public static final String FEATURE_ENV_PREFIX = "HELIX_FEATURE_";
    /** What a feature name may be. */
    public static final String FEATURE_NAME = "[a-z][a-z0-9-]{0,39}";

    private ConfigKeys() {}

    /** A number of US dollars from 0 to a million. */
    private static java.math.BigDecimal dollars(String text) {
        java.math.BigDecimal d = new java.math.BigDecimal(text.strip());
        if (d.signum() < 0 || d.compareTo(java.math.BigDecimal.valueOf(1_000_000)) > 0) {
            throw new IllegalArgumentException("out of range");
        }
        return d;
    }

    @SafeVarargs
    private static List<ConfigKey<?>> concat(List<ConfigKey<?>>... lists) {
        List<ConfigKey<?>> all = new java.util.ArrayList<>();
        for (List<ConfigKey<?>> list : lists) {
            all.addAll(list);
        }
        return List.copyOf(all);
    }

    private static <T> ConfigKey<T> key(
            String name, String env, @Nullable String flag, String def, String doc, ValueType<T> type) {
        return new ConfigKey<>(name, env, flag, java.util.Optional.of(def), doc, type, false);
    }

    private static <T> ConfigKey<T> key(
            String name, String env, @Nullable String flag, String def, String doc, ValueType<T> type, boolean secret) {
        return new ConfigKey<>(name, env, flag, java.util.Optional.of(def), doc, type, secret);
    }

    /** A key with no default: unset unless a layer sets it (see {@link ConfigKey#defaultValue()}). */
    private static <T> ConfigKey<T> keyWithoutDefault(String name, String env, String doc, ValueType<T> type) {
        return new ConfigKey<>(name, env, null, java.util.Optional.empty(), doc, type, false);
    }
}
