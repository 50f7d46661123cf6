package dev.helix;

import dev.helix.agents.AgentCommands;
import dev.helix.agents.AgentReferences;
import dev.helix.agents.AgentRegistry;
import dev.helix.auth.ApiKeys;
import dev.helix.bus.EventBus;
import dev.helix.bus.InProcessEventBus;
import dev.helix.cache.ResponseCache;
import dev.helix.commands.CommandRegistry;
import dev.helix.commands.CommandService;
import dev.helix.commands.CommandSpec;
import dev.helix.config.ConfigFileWatcher;
import dev.helix.config.HelixConfig;
import dev.helix.conversations.AnswerModel;
import dev.helix.conversations.Answering;
import dev.helix.conversations.Conversations;
import dev.helix.conversations.LiveAnswers;
import dev.helix.events.EventLog;
import dev.helix.events.EventRetention;
import dev.helix.events.EventTypes;
import dev.helix.events.NewEvent;
import dev.helix.gateway.Gateway;
import dev.helix.gateway.GatewayCalls;
import dev.helix.gateway.cache.SharedAnswers;
import dev.helix.gateway.config.GatewayConfig;
import dev.helix.gateway.usage.Accounting;
import dev.helix.http.HttpFeature;
import dev.helix.http.HttpServer;
import dev.helix.maintenance.MaintenanceMode;
import dev.helix.memory.Memories;
import dev.helix.memory.MemoryPrompt;
import dev.helix.messaging.Mailboxes;
import dev.helix.messaging.MessagingCommands;
import dev.helix.messaging.Recipients;
import dev.helix.monitor.Metrics;
import dev.helix.monitor.PerformanceMonitor;
import dev.helix.ratelimit.SharedBuckets;
import dev.helix.realtime.RealtimeHub;
import dev.helix.realtime.TopicFamily;
import dev.helix.state.SharedState;
import dev.helix.state.StateCommands;
import dev.helix.state.StateTopic;
import dev.helix.storage.Database;
import dev.helix.storage.RedisConnection;
import dev.helix.synthesis.Synthesis;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * How the parts of a Helix fit together: one place that, from the configuration, the environment and the clock,
 * lists every part in the order it starts. Building it starts nothing; {@link #components()} starts and stops the
 * parts. A new feature is one more part here (and, if it serves HTTP, one more entry in {@link HelixFeatures}).
 *
 * <p>The database is migrated in the background while HTTP starts ({@link StorageStart}); until it is,
 * {@code /health/ready} says so and routes that need a key answer 503.
 */
final class HelixWiring {
    private static final Duration USAGE_FLUSH_PERIOD = Duration.ofSeconds(5);
    private static final Duration ACCOUNTING_FLUSH_PERIOD = Duration.ofSeconds(1);
    private static final Duration EVENT_PRUNE_PERIOD = Duration.ofMinutes(1);
    private static final Duration IDLE_TOPICS_PERIOD = Duration.ofMinutes(1);
    private static final Duration RECOVER_ANSWERS_PERIOD = Duration.ofSeconds(10);
    private static final Duration CHECKPOINT_PERIOD = Duration.ofSeconds(1);

    final HelixConfig config;
    final Map<String, String> env;
    final Clock clock;
    final LongSupplier ticker;
    private final Optional<PeriodicTimer> timer;
    final CommandRegistry commands;
    private final List<Component> order = new ArrayList<>();
    final Part<SharedScheduler> scheduler;
    final Part<String> nodeId;
    final Part<Metrics> metrics;
    final Part<ResponseCache> cache;
    final Part<EventBus> bus;
    final Part<Database> database;
    final Part<EventLog> events;
    final Part<AgentRegistry> agents;
    final Part<Optional<RedisConnection>> redis;
    final Part<ApiKeys> apiKeys;
    final Part<Accounting> accounting;
    final Part<Gateway> gateway;
    final Part<SharedState> state;
    final Part<MaintenanceMode> maintenance;
    final Part<CommandService> commandService;
    final Part<Mailboxes> mailboxes;
    final Part<Conversations> conversations;
    final Part<Memories> memories;
    final Part<Synthesis> synthesis;
    final Part<LiveAnswers> liveAnswers;
    final Part<Answering> answering;
    final Part<RealtimeHub> realtime;
    final StorageStart storage;
    final Part<PerformanceMonitor> monitor;
    final Part<HttpServer> http;
    final Part<Optional<ConfigFileWatcher>> configFile;

    HelixWiring(
            HelixConfig config,
            Map<String, String> env,
            HelixTime time,
            CommandRegistry commands,
            List<HttpFeature> extraFeatures) {
        this.config = config;
        this.env = Map.copyOf(env);
        this.clock = time.clock();
        this.ticker = time.ticker();
        this.timer = time.timer();
        this.commands = commands;
        scheduler = add(Part.of("scheduler", SharedScheduler::new));
        nodeId = add(Part.of("node id", () -> Helix.nodeId(config)));
        metrics = add(Part.of("metrics", Metrics::new));
        cache = add(Part.of(
                "response cache",
                () -> new ResponseCache(
                        config.caching(), nodeId.get(), metrics.get().registry(), ticker)));
        bus = add(Part.of("event bus", this::eventBus));
        database = add(Part.of(
                "database", () -> Database.open(config.storage(), metrics.get().registry())));
        events = add(Part.of("event log", this::eventLog, this::flushEvents));
        agents = add(Part.of("agents", this::agentRegistry));
        redis = add(Part.of("redis", this::redisConnection, r -> r.ifPresent(RedisConnection::close)));
        apiKeys = add(Part.of("API keys", () -> new ApiKeys(database.get(), clock, events.get())));
        accounting = add(Part.of("accounting", this::accounting, this::flushUsageAndClose));
        gateway = add(Part.of("gateway", this::gateway));
        state = add(Part.of("shared state", this::sharedState));
        maintenance = add(Part.of(
                "maintenance mode",
                () -> new MaintenanceMode(
                        database.get(), events.get(), clock, metrics.get().registry())));
        commandService = add(Part.of(
                "commands",
                () -> new CommandService(
                                commands,
                                AgentCommands.policy(agents.get()),
                                clock,
                                metrics.get().registry())
                        .recordRunsIn(events.get())
                        .listenTo(bus.get())));
        mailboxes = add(Part.of("mailboxes", this::mailboxes));
        conversations = add(Part.of("conversations", this::conversations));
        memories = add(Part.of("memory", this::memories));
        synthesis = add(Part.of("memory synthesis", this::synthesis, Synthesis::close));
        liveAnswers = add(Part.of("live answers", this::liveAnswers));
        answering = add(Part.of("answering", this::answering));
        realtime = add(Part.of("realtime", this::realtimeHub));
        storage = add(new StorageStart(config, database, events, apiKeys, state, maintenance, memories));
        monitor = add(Part.of("performance monitor", this::performanceMonitor));
        http = add(Part.of("http", () -> new HelixFeatures(this, extraFeatures).startHttp(), this::stopHttp));
        add(Component.of("agent references", () -> agents.get().checkReferences(this::agentReferences), () -> {}));
        configFile = add(Part.of("config file", this::configFileWatcher, w -> w.ifPresent(ConfigFileWatcher::close)));
        add(storage.awaited());
        add(Part.of(
                "background work",
                this::scheduleBackgroundWork,
                tasks -> tasks.forEach(PeriodicTimer.Periodic::cancel)));
    }

    private <C extends Component> C add(C component) {
        order.add(component);
        return component;
    }

    /** The parts, in start order. */
    Components components() {
        return new Components(order);
    }

    private EventBus eventBus() {
        return cache.get()
                .watch(new InProcessEventBus(
                        InProcessEventBus.DEFAULT_QUEUE, metrics.get().registry()));
    }

    private EventLog eventLog() {
        EventLog log = EventLog.publishingTo(
                bus.get(), database.get(), clock, metrics.get().registry());
        commands.onRegister(() -> log.emit(
                new NewEvent(EventTypes.COMMANDS_CHANGED, EventTypes.COMMANDS, null, Map.of(), clock.instant())));
        return log;
    }

    private EventRetention eventRetention() {
        HelixConfig.Events settings = config.events();
        return new EventRetention(events.get(), settings.retention(), settings.maxEvents(), clock);
    }

    /** Writes the events still queued, if the database could be migrated. */
    private void flushEvents(EventLog log) {
        if (database.get().migrated()) {
            log.flush();
        }
    }

    private AgentRegistry agentRegistry() {
        AgentRegistry registry = AgentRegistry.start(config, events.get(), clock);
        AgentCommands.register(commands, registry);
        return registry;
    }

    private Optional<RedisConnection> redisConnection() {
        Optional<RedisConnection> connection = RedisConnection.open(config.redis());
        connection.ifPresent(cache.get()::connect);
        return connection;
    }

    private Accounting accounting() {
        Optional<SharedBuckets> keyLimits = redis.get()
                .map(r -> new SharedBuckets(
                        r,
                        "API keys' requests and tokens per minute",
                        config.limits().redisTimeout()));
        return new Accounting(
                database.get(), apiKeys.get(), clock, metrics.get().registry(), keyLimits, events.get());
    }

    /** Records the last use of API keys and writes pending LLM usage, if the database could be migrated. */
    private void flushUsageAndClose(Accounting used) {
        if (database.get().migrated()) {
            SharedScheduler.isolated("record API key use", apiKeys.get()::flushUsage)
                    .run();
            used.close();
        }
    }

    private Gateway gateway() {
        Optional<SharedAnswers> answers = redis.get()
                .filter(r -> config.caching().redis())
                .map(r -> new SharedAnswers(
                        r, config.caching().redisPrefix(), config.caching().redisTimeout()));
        return Gateway.start(
                config.file(),
                env,
                metrics.get().registry(),
                accounting.get(),
                answers,
                clock,
                ticker,
                scheduler.get().executor());
    }

    private SharedState sharedState() {
        SharedState shared = new SharedState(database.get(), config.state(), events.get(), clock);
        StateCommands.register(commands, shared, config.state().writeRole());
        return shared;
    }

    private Mailboxes mailboxes() {
        AgentRegistry registry = agents.get();
        Recipients recipients = new Recipients() {
            @Override
            public boolean exists(String id) {
                return registry.find(id).isPresent();
            }

            @Override
            public Collection<String> ids() {
                return registry.all().stream().map(a -> a.id()).toList();
            }
        };
        Mailboxes boxes = new Mailboxes(
                database.get(),
                config.messaging(),
                recipients,
                clock,
                metrics.get().registry());
        boxes.announceTo(events.get());
        MessagingCommands.register(commands, boxes);
        return boxes;
    }

    private Conversations conversations() {
        AgentRegistry registry = agents.get();
        return new Conversations(
                database.get(),
                config.conversations(),
                id -> registry.find(id).map(a -> a.persona()),
                events.get(),
                clock,
                metrics.get().registry());
    }

    private Synthesis synthesis() {
        MaintenanceMode mode = maintenance.get();
        return new Synthesis(
                database.get(),
                config.memory().synthesis(),
                conversations.get(),
                new MemoriesForSynthesis(memories.get()),
                new GatewaySynthesis(agents.get(), gateway.get().calls()),
                events.get(),
                mode::readOnly,
                nodeId.get(),
                clock,
                metrics.get().registry());
    }

    private Memories memories() {
        return new Memories(
                        database.get(),
                        config.memory(),
                        events.get(),
                        clock,
                        metrics.get().registry())
                .followOthers(events.get());
    }

    /** The text of answers as it is written, for this node's clients and, on PostgreSQL, every other node's. */
    private LiveAnswers liveAnswers() {
        LiveAnswers local = ConversationTopics.live(realtime::orNull);
        Database db = database.get();
        return db.notifications()
                .<LiveAnswers>map(n -> new LiveAnswerRelay(
                        local,
                        (owner, conversation, message, index, text) -> ConversationTopics.pushText(
                                realtime.orNull(), owner, conversation, message, index, text),
                        db,
                        n,
                        metrics.get().registry()))
                .orElse(local);
    }

    private Answering answering() {
        AgentRegistry registry = agents.get();
        GatewayCalls calls = gateway.get().calls();
        MemoryPrompt.Tokens tokens = (agent, text) -> calls.countTokens(
                registry.find(agent).map(a -> a.modelFor(AnswerModel.CHAT)).orElse(""), text);
        return new Answering(
                        conversations.get(),
                        new GatewayAnswers(registry, calls),
                        new MemoryPrompt(memories.get(), tokens),
                        liveAnswers.get(),
                        commandService.get(),
                        clock)
                .followOthers(events.get());
    }

    private RealtimeHub realtimeHub() {
        AgentRegistry registry = agents.get();
        SharedState shared = state.get();
        EventLog log = events.get();
        Mailboxes boxes = mailboxes.get();
        ConversationTopics talk = new ConversationTopics(conversations.get(), answering.get());
        MaintenanceMode mode = maintenance.get();
        return new RealtimeHub(config.realtime(), clock)
                .topic(SharedState.TOPIC, () -> StateTopic.snapshot(shared))
                .topic(AgentRegistry.TOPIC, () -> Map.of("version", registry.version(), "data", registry.all()))
                .topic(EventTypes.MAINTENANCE, () -> mode.current().view())
                .topics(new TopicFamily(
                        EventTypes.AGENT_PREFIX,
                        config.messaging().consumeRole(),
                        id -> registry.find(id).isPresent(),
                        boxes::summary))
                .topics(talk.family())
                .topic(talk.personal())
                .bindTo(metrics.get().registry())
                .start(bus.get(), log::lastPublished, log::startedAfter);
    }

    private PerformanceMonitor performanceMonitor() {
        Database db = database.get();
        return new PerformanceMonitor(
                        clock,
                        metrics.get().registry(),
                        db.timings(),
                        new PerformanceMonitor.Settings(
                                db.kind().id(),
                                config.storage().poolSize(),
                                config.realtime().maxPending()))
                .cacheTtls(cache.get()::ttl);
    }

    /** Pushes end first, so that open streams do not hold up the wait for in-flight requests. */
    private void stopHttp(HttpServer server) throws Exception {
        realtime.stop();
        mailboxes.get().close(); // long polls answer now, so they do not hold up the wait for in-flight requests
        answering.get().close(); // so do messages waiting for their turn to be answered
        server.stop();
    }

    private AgentReferences agentReferences() {
        return agentReferences(commands.specs(), gateway.get().config());
    }

    /** What agents may name: the commands, and the gateway's models and routers (an agent may use either). */
    static AgentReferences agentReferences(List<CommandSpec> commands, GatewayConfig gateway) {
        return new AgentReferences(
                commands.stream().map(CommandSpec::name).collect(Collectors.toSet()), Set.copyOf(gateway.modelNames()));
    }

    private Optional<ConfigFileWatcher> configFileWatcher() {
        Gateway llm = gateway.get();
        AgentRegistry registry = agents.get();
        return config.file().map(f -> ConfigFileWatcher.start(f, env, List.of(llm::reload, registry::reload)));
    }

    /** Periodic work, on the timer given with the time if any, else on the shared timer thread. */
    private List<PeriodicTimer.Periodic> scheduleBackgroundWork() {
        PeriodicTimer background = timer.orElseGet(scheduler::get);
        return List.of(
                background.everyAfter(USAGE_FLUSH_PERIOD, "record API key use", apiKeys.get()::flushUsage),
                background.every(CHECKPOINT_PERIOD, "checkpoint the database", database.get()::checkpoint),
                background.everyAfter(ACCOUNTING_FLUSH_PERIOD, "write LLM usage", accounting.get()::flush),
                background.everyAfter(config.events().pollInterval(), "read the event log", events.get()::poll),
                background.everyAfter(EVENT_PRUNE_PERIOD, "prune the event log", eventRetention()::prune),
                background.every(PerformanceMonitor.SAMPLE_EVERY, "sample performance", monitor.get()::sample),
                background.every(Mailboxes.PRUNE_EVERY, "prune mailboxes", mailboxes.get()::prune),
                background.every(IDLE_TOPICS_PERIOD, "forget idle real-time topics", realtime.get()::forgetIdleTopics),
                background.every(RECOVER_ANSWERS_PERIOD, "recover abandoned answers", answering.get()::recover),
                background.every(
                        Memories.PRUNE_EVERY, "take ended memories out of the index", memories.get()::pruneIndex),
                background.everyAfter(
                        config.memory().synthesis().pollInterval(), "synthesise memories", synthesis.get()::tick));
    }
}
