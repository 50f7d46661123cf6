package dev.helix;

import dev.helix.agents.AgentCommands;
import dev.helix.agents.AgentReferences;
import dev.helix.agents.AgentRegistry;
import dev.helix.agents.AgentsApi;
import dev.helix.auth.ApiKeys;
import dev.helix.auth.KeysApi;
import dev.helix.bus.Event;
import dev.helix.bus.EventBus;
import dev.helix.bus.InProcessEventBus;
import dev.helix.cache.ResponseCache;
import dev.helix.commands.CommandRegistry;
import dev.helix.commands.CommandService;
import dev.helix.commands.CommandSpec;
import dev.helix.commands.CommandsApi;
import dev.helix.config.ConfigFileWatcher;
import dev.helix.config.HelixConfig;
import dev.helix.gateway.Gateway;
import dev.helix.gateway.GatewayApi;
import dev.helix.gateway.cache.SharedAnswers;
import dev.helix.gateway.config.ModelConfig;
import dev.helix.gateway.usage.Accounting;
import dev.helix.gateway.usage.UsageApi;
import dev.helix.health.HealthCheck;
import dev.helix.health.HealthChecks;
import dev.helix.http.HttpFeature;
import dev.helix.http.HttpServer;
import dev.helix.internal.HelixVersion;
import dev.helix.monitor.Metrics;
import dev.helix.monitor.MonitorApi;
import dev.helix.monitor.OptimizationApi;
import dev.helix.monitor.PerformanceMonitor;
import dev.helix.monitor.StatusCommand;
import dev.helix.monitor.StatusReport;
import dev.helix.ratelimit.RateLimits;
import dev.helix.ratelimit.SharedBuckets;
import dev.helix.realtime.RealtimeApi;
import dev.helix.realtime.RealtimeHub;
import dev.helix.state.SharedState;
import dev.helix.state.StateApi;
import dev.helix.state.StateCommands;
import dev.helix.state.StateFileMirror;
import dev.helix.state.StateTopic;
import dev.helix.storage.Database;
import dev.helix.storage.RedisConnection;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Helix, the server: {@code Helix.create(config).start()}, then {@link #port()}, then {@link #stop()}.
 *
 * <p>Start opens and migrates the database, makes sure an admin key exists, and starts HTTP. Stop stops accepting
 * connections, lets in-flight requests finish within {@code server.shutdownGrace}, flushes pending writes and
 * closes the database.
 */
public final class Helix implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Helix.class);
    private static final Duration USAGE_FLUSH_PERIOD = Duration.ofSeconds(5);

    private final HelixConfig config;
    private final Clock clock;
    private final List<HttpFeature> extraFeatures;
    private final CommandRegistry commands = CommandRegistry.withBuiltins();
    private Metrics metrics;
    private PerformanceMonitor monitor;
    private ResponseCache cache;
    private EventBus bus;
    private AgentRegistry agents;
    private CommandService commandService;
    private HealthChecks health;
    private Database database;
    private ApiKeys apiKeys;
    private Accounting accounting;
    private Gateway gateway;
    private RedisConnection redis;
    private SharedState state;
    private RealtimeHub realtime;
    private volatile StateFileMirror stateFile;
    private volatile ConfigFileWatcher configFile;
    private volatile boolean storageReady;
    private HttpServer http;
    private ScheduledExecutorService background;
    private Optional<String> generatedAdminKey = Optional.empty();
    private boolean stopped;

    private Helix(HelixConfig config, Clock clock, List<HttpFeature> extraFeatures) {
        this.config = config;
        this.clock = clock;
        this.extraFeatures = List.copyOf(extraFeatures);
    }

    public static Helix create(HelixConfig config) {
        return new Helix(config, Clock.systemUTC(), List.of());
    }

    /** A Helix with a given clock and additional HTTP features (used by tests and embedders). */
    public static Helix create(HelixConfig config, Clock clock, List<HttpFeature> extraFeatures) {
        return new Helix(config, clock, extraFeatures);
    }

    /**
     * Starts every part; throws (with everything already started closed again) if one fails. The database is
     * migrated while the HTTP server starts; until it is, {@code /health/ready} says so and routes that need a key
     * answer 503.
     */
    public synchronized Helix start() {
        long begin = System.nanoTime();
        String nodeId = nodeId(config);
        CompletableFuture<Optional<String>> storage = null;
        try {
            metrics = new Metrics();
            cache = new ResponseCache(config.caching(), nodeId, metrics.registry());
            bus = cache.watch(new InProcessEventBus(InProcessEventBus.DEFAULT_QUEUE, metrics.registry()));
            commands.onRegister(() -> bus.publish(
                    new Event("commands.changed", "commands", Map.of(), clock.instant())));
            agents = AgentRegistry.start(config, bus, clock);
            AgentCommands.register(commands, agents);
            database = Database.open(config.storage(), metrics.registry());
            redis = RedisConnection.open(config.redis()).orElse(null);
            cache.connect(redis);
            apiKeys = new ApiKeys(database, clock);
            SharedBuckets keyLimits = redis == null ? null : new SharedBuckets(redis,
                    "API keys' requests and tokens per minute", config.limits().redisTimeout());
            accounting = new Accounting(database, apiKeys, clock, metrics.registry(), keyLimits);
            SharedAnswers answers = redis == null || !config.caching().redis() ? null
                    : new SharedAnswers(redis, config.caching().redisPrefix(), config.caching().redisTimeout());
            gateway = Gateway.start(config.file(), System.getenv(), metrics.registry(), accounting, answers, clock);
            state = new SharedState(database, config.state(), bus, clock);
            StateCommands.register(commands, state, config.state().writeRole());
            commandService = new CommandService(commands, AgentCommands.policy(agents), clock, metrics.registry())
                    .listenTo(bus);
            realtime = new RealtimeHub(config.realtime(), clock)
                    .topic(SharedState.TOPIC, () -> StateTopic.snapshot(state))
                    .topic(AgentRegistry.TOPIC, () -> Map.of("version", agents.version(), "data", agents.all()))
                    .bindTo(metrics.registry())
                    .start(bus);
            storage = CompletableFuture.supplyAsync(this::prepareStorage,
                    task -> Thread.ofVirtual().name("helix-storage-start").start(task));
            http = HttpServer.start(config, features(nodeId), apiKeys, () -> storageReady, metrics.registry());
            agents.checkReferences(this::agentReferences);
            configFile = config.file().map(f -> ConfigFileWatcher.start(f, System.getenv(),
                    List.of(gateway::reload, agents::reload))).orElse(null);
            generatedAdminKey = join(storage);
            background = startBackgroundWork();
        } catch (RuntimeException e) {
            if (storage != null) {
                storage.exceptionally(t -> Optional.empty()).join();
            }
            closeQuietly();
            throw e;
        }
        LOG.info("Helix {} ready on http://{}:{} in {} ms (node {}, {})", HelixVersion.version(),
                config.server().host(), http.port(), (System.nanoTime() - begin) / 1_000_000, nodeId,
                database.describe());
        return this;
    }

    private Optional<String> prepareStorage() {
        database.migrate();
        Optional<String> generated = apiKeys.bootstrap(config.auth().optionalAdminKey());
        state.load();
        config.state().file().ifPresent(f -> stateFile = StateFileMirror.start(state, f, config.state().maxSize()));
        storageReady = true;
        return generated;
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private List<HttpFeature> features(String nodeId) {
        health = new HealthChecks(clock)
                .add("storage", () -> database.ping(Duration.ofSeconds(2)))
                .add("migrations", () -> {
                    // ready only once the admin key and the state are loaded too: a client that waits for ready
                    // must not then be told "starting"
                    if (!storageReady) {
                        throw new IllegalStateException(database.migrated() ? "loading the keys and the state"
                                : "database migrations have not run");
                    }
                });
        health.add("config", () -> {
            if (configFile != null && configFile.problem().isPresent()) {
                throw new HealthCheck.Degraded(configFile.problem().get());
            }
        });
        health.add("agents", agents.health());
        health.add("gateway", gateway.health());
        if (redis != null) {
            health.add("redis", redis.health());
            health.add("cache", cache.health());
        }
        if (config.state().file().isPresent()) {
            health.add("stateFile", () -> {
                if (stateFile != null) {
                    stateFile.check();
                }
            });
        }
        StatusReport.Facts facts = new StatusReport.Facts(nodeId, database.kind().id(), config.features(),
                clock.instant());
        List<HttpFeature> features = new ArrayList<>();
        StatusReport status = new StatusReport(health, facts, clock, this::collective);
        StatusCommand.register(commands, status);
        features.add(new MonitorApi(status, metrics.registry()));
        monitor = new PerformanceMonitor(clock, metrics.registry(), database.timings(), new PerformanceMonitor.Settings(
                database.kind().id(), config.storage().poolSize(), config.realtime().maxPending()))
                .cacheTtls(route -> config.caching().routes().stream().filter(r -> r.template().equals(route))
                        .findFirst().map(HelixConfig.Caching.Route::ttl));
        features.add(new OptimizationApi(monitor, health));
        features.add(new KeysApi(apiKeys));
        features.add(new AgentsApi(agents));
        features.add(new StateApi(state));
        features.add(new RealtimeApi(realtime, apiKeys, () -> storageReady, config.realtime()));
        features.add(new CommandsApi(commandService));
        features.add(new UsageApi(accounting, clock));
        features.add(new GatewayApi(gateway, clock));
        features.add(new RateLimits(config.limits(), Optional.ofNullable(redis), clock, metrics.registry()));
        features.addAll(extraFeatures);
        features.add(cache);
        return features;
    }

    private ScheduledExecutorService startBackgroundWork() {
        ScheduledExecutorService exec = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("helix-background").daemon().factory());
        exec.scheduleWithFixedDelay(this::flushUsage, USAGE_FLUSH_PERIOD.toMillis(), USAGE_FLUSH_PERIOD.toMillis(),
                TimeUnit.MILLISECONDS);
        exec.scheduleWithFixedDelay(this::flushAccounting, 1, 1, TimeUnit.SECONDS);
        long sampleEvery = PerformanceMonitor.SAMPLE_EVERY.toMillis();
        exec.scheduleAtFixedRate(monitor::sample, sampleEvery, sampleEvery, TimeUnit.MILLISECONDS);
        return exec;
    }

    private void flushUsage() {
        try {
            apiKeys.flushUsage();
        } catch (Throwable t) {
            LOG.warn("could not record API key use: {}", t.getMessage());
        }
    }

    private void flushAccounting() {
        try {
            accounting.flush();
        } catch (Throwable t) {
            LOG.warn("could not write LLM usage: {}", t.getMessage());
        }
    }

    private AgentReferences agentReferences() {
        return new AgentReferences(commands.specs().stream().map(CommandSpec::name).collect(Collectors.toSet()),
                gateway.config().models().stream().map(ModelConfig::name).collect(Collectors.toSet()));
    }

    private Map<String, Object> collective() {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("agents", agents.all().size());
        figures.put("stateVersion", state.loaded() ? state.current().version() : null);
        figures.put("commands", commands.specs().size());
        figures.put("realtimeConnections", realtime.connections());
        return figures;
    }

    /** The HTTP port (the real one when configured with 0). */
    public int port() {
        if (http == null) {
            throw new IllegalStateException("Helix is not started");
        }
        return http.port();
    }

    /** The admin key generated on this first start, to be shown once; empty otherwise. */
    public Optional<String> generatedAdminKey() {
        return generatedAdminKey;
    }

    /** LLM usage accounting: budgets, per-minute limits and usage records of API keys. */
    public Accounting accounting() {
        return accounting;
    }

    /** The commands this Helix runs: register more here, before or after start. */
    public CommandRegistry commands() {
        return commands;
    }

    public HelixConfig config() {
        return config;
    }

    /** The event bus (for embedders and tests that watch or publish events). */
    public EventBus bus() {
        return bus;
    }

    /** Stops gracefully; calling it again does nothing. */
    public synchronized void stop() {
        if (stopped || http == null) {
            return;
        }
        stopped = true;
        LOG.info("Helix stopping: finishing in-flight requests (up to {} ms)",
                config.server().shutdownGrace().toMillis());
        background.shutdownNow();
        closeQuietly();
        LOG.info("Helix stopped");
    }

    @Override
    public void close() {
        stop();
    }

    /** Closes what was started, in reverse dependency order: pushes first, the database and metrics last. */
    private void closeQuietly() {
        close(realtime);
        if (http != null) {
            http.stop();
        }
        if (apiKeys != null && database.migrated()) {
            flushUsage();
            close(accounting);
        }
        close(configFile, gateway, stateFile, agents, commandService, bus, cache, redis, database, metrics);
    }

    private static void close(AutoCloseable... parts) {
        for (AutoCloseable part : parts) {
            if (part == null) {
                continue;
            }
            try {
                part.close();
            } catch (Exception e) {
                LOG.warn("could not close {}: {}", part.getClass().getSimpleName(), e.getMessage());
            }
        }
    }

    static String nodeId(HelixConfig config) {
        if (!config.server().nodeId().isEmpty()) {
            return config.server().nodeId();
        }
        try {
            Path kernel = Path.of("/proc/sys/kernel/hostname");
            String name = Files.isReadable(kernel) ? Files.readString(kernel).trim()
                    : InetAddress.getLocalHost().getHostName();
            return name.isEmpty() ? "helix-" + ProcessHandle.current().pid() : name;
        } catch (Exception e) {
            return "helix-" + ProcessHandle.current().pid();
        }
    }
}
