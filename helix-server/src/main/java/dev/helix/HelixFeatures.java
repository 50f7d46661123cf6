package dev.helix;

import dev.helix.agents.AgentsApi;
import dev.helix.auth.KeysApi;
import dev.helix.commands.CommandsApi;
import dev.helix.config.ConfigFileWatcher;
import dev.helix.conversations.ConversationsApi;
import dev.helix.events.EventLogApi;
import dev.helix.gateway.GatewayApi;
import dev.helix.gateway.usage.UsageApi;
import dev.helix.health.HealthCheck;
import dev.helix.health.HealthChecks;
import dev.helix.http.HttpFeature;
import dev.helix.http.HttpServer;
import dev.helix.maintenance.MaintenanceApi;
import dev.helix.memory.MemoryApi;
import dev.helix.messaging.MessagesApi;
import dev.helix.monitor.MonitorApi;
import dev.helix.monitor.OptimizationApi;
import dev.helix.monitor.StatusCommand;
import dev.helix.monitor.StatusReport;
import dev.helix.ratelimit.RateLimits;
import dev.helix.realtime.RealtimeApi;
import dev.helix.state.StateApi;
import dev.helix.state.StateFileMirror;
import dev.helix.storage.Database;
import dev.helix.synthesis.SynthesisApi;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What Helix serves over HTTP, and its health checks, made from the started parts of a {@link HelixWiring}. */
final class HelixFeatures {
    private final HelixWiring parts;
    private final List<HttpFeature> extraFeatures;

    HelixFeatures(HelixWiring parts, List<HttpFeature> extraFeatures) {
        this.parts = parts;
        this.extraFeatures = List.copyOf(extraFeatures);
    }

    /** Starts the HTTP server with every feature; key routes answer 503 until storage is ready. */
    HttpServer startHttp() {
        return HttpServer.start(
                parts.config,
                features(),
                parts.apiKeys.get(),
                parts.storage::ready,
                parts.metrics.get().registry(),
                parts.scheduler.get().executor());
    }

    private List<HttpFeature> features() {
        HealthChecks health = health();
        StatusReport.Facts facts = new StatusReport.Facts(
                parts.nodeId.get(), parts.database.get().kind().id(), parts.config.features(), parts.clock.instant());
        StatusReport status = new StatusReport(health, facts, parts.clock, this::collective)
                .section("maintenance", () -> parts.maintenance.get().current().status());
        StatusCommand.register(parts.commands, status);
        List<HttpFeature> features = new ArrayList<>();
        features.add(new MonitorApi(
                status, parts.metrics.get().registry(), parts.config.auth().publicMetrics()));
        features.add(new OptimizationApi(parts.monitor.get(), health));
        features.add(
                new MaintenanceApi(parts.maintenance.get(), parts.metrics.get().registry()));
        features.add(new KeysApi(parts.apiKeys.get()));
        features.add(new AgentsApi(parts.agents.get()));
        features.add(new StateApi(parts.state.get(), parts.config.state().writeRole()));
        features.add(new RealtimeApi(
                parts.realtime.get(), parts.apiKeys.get(), parts.storage::ready, parts.config.realtime()));
        features.add(new CommandsApi(parts.commandService.get()));
        features.add(
                new MessagesApi(parts.mailboxes.get(), parts.config.messaging().consumeRole()));
        features.add(new ConversationsApi(parts.conversations.get(), parts.answering.get()));
        features.add(new MemoryApi(parts.memories.get()));
        features.add(new SynthesisApi(parts.synthesis.get()));
        features.add(new UsageApi(parts.accounting.get(), parts.clock));
        features.add(new EventLogApi(parts.events.get()));
        features.add(new GatewayApi(parts.gateway.get(), parts.clock));
        features.add(new RateLimits(
                parts.config.limits(),
                parts.redis.get(),
                parts.clock,
                parts.metrics.get().registry()));
        features.addAll(extraFeatures);
        features.add(parts.cache.get());
        return features;
    }

    private HealthChecks health() {
        Database database = parts.database.get();
        HealthChecks health = new HealthChecks(parts.clock)
                .add("storage", () -> database.ping(Duration.ofSeconds(2)))
                .add("migrations", () -> {
                    // ready only once the admin key and the state are loaded too: a client that waits for ready
                    // must not then be told "starting"
                    if (!parts.storage.ready()) {
                        throw new IllegalStateException(
                                database.migrated()
                                        ? "loading the keys and the state"
                                        : "database migrations have not run");
                    }
                });
        health.add("config", this::checkConfigFile);
        health.add("agents", parts.agents.get().health());
        health.add(
                "eventLog",
                parts.events.get().health(parts.config.events().pollInterval().multipliedBy(30)));
        health.add("gateway", parts.gateway.get().health());
        parts.redis.get().ifPresent(redis -> {
            health.add("redis", redis.health());
            health.add("cache", parts.cache.get().health());
        });
        if (parts.config.state().file().isPresent()) {
            health.add("stateFile", this::checkStateFile);
        }
        return health;
    }

    private void checkConfigFile() throws Exception {
        Optional<ConfigFileWatcher> watcher = parts.configFile.orNull();
        Optional<String> problem = watcher == null ? Optional.empty() : watcher.flatMap(ConfigFileWatcher::problem);
        if (problem.isPresent()) {
            throw new HealthCheck.Degraded(problem.get());
        }
    }

    private void checkStateFile() throws Exception {
        StateFileMirror mirror = parts.storage.stateFile();
        if (mirror != null) {
            mirror.check();
        }
    }

    private Map<String, Object> collective() {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("agents", parts.agents.get().all().size());
        figures.put(
                "stateVersion",
                parts.state.get().loaded() ? parts.state.get().current().version() : null);
        figures.put("commands", parts.commands.specs().size());
        figures.put("realtimeConnections", parts.realtime.get().connections());
        return figures;
    }
}
