package dev.helix;

import dev.helix.bus.EventBus;
import dev.helix.commands.CommandRegistry;
import dev.helix.config.HelixConfig;
import dev.helix.gateway.Gateway;
import dev.helix.gateway.GatewayCalls;
import dev.helix.gateway.usage.Accounting;
import dev.helix.http.HttpFeature;
import dev.helix.internal.HelixVersion;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Helix, the server: {@code Helix.create(config).start()}, then {@link #port()}, then {@link #stop()}.
 *
 * <p>Start opens and migrates the database, makes sure an admin key exists, and starts HTTP. Stop stops accepting
 * connections, lets in-flight requests finish within {@code server.shutdownGrace}, flushes pending writes and
 * closes the database. The parts and their order are in {@link HelixWiring}.
 */
public final class Helix implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Helix.class);
    /** The longest a start waits to hear other nodes. */
    private static final Duration LISTEN_WAIT = Duration.ofSeconds(5);

    private final HelixConfig config;
    private final CommandRegistry commands = CommandRegistry.withBuiltins();
    private final HelixWiring parts;
    private final Components components;
    private boolean started;
    private boolean stopped;

    private Helix(HelixConfig config, Map<String, String> env, HelixTime time, List<HttpFeature> extraFeatures) {
        this.config = config;
        this.parts = new HelixWiring(config, env, time, commands, extraFeatures);
        this.components = parts.components();
    }

    public static Helix create(HelixConfig config) {
        return create(config, Clock.systemUTC(), List.of());
    }

    /** A Helix with a given clock and additional HTTP features (used by tests and embedders). */
    public static Helix create(HelixConfig config, Clock clock, List<HttpFeature> extraFeatures) {
        return create(config, System.getenv(), HelixTime.of(clock, System::nanoTime), extraFeatures);
    }

    /**
     * A Helix that resolves {@code ${VAR}} references in its configuration file from {@code env} instead of the
     * process environment, and takes its clock, ticker and periodic timer from {@code time}; for tests and
     * embedders.
     */
    public static Helix create(
            HelixConfig config, Map<String, String> env, HelixTime time, List<HttpFeature> extraFeatures) {
        return new Helix(config, env, time, extraFeatures);
    }

    /**
     * Starts every part; throws (with everything already started closed again) if one fails. The database is
     * migrated while the HTTP server starts; until it is, {@code /health/ready} says so and routes that need a key
     * answer 503.
     */
    public synchronized Helix start() {
        long begin = System.nanoTime();
        components.start();
        awaitOtherNodes();
        started = true;
        LOG.info(
                "Helix {} ready on http://{}:{} in {} ms (node {}, {})",
                HelixVersion.version(),
                config.server().host(),
                port(),
                (System.nanoTime() - begin) / 1_000_000,
                parts.nodeId.get(),
                parts.database.get().describe());
        return this;
    }

    /**
     * With PostgreSQL, waits (up to {@link #LISTEN_WAIT}) until this node hears other nodes on every channel its parts
     * asked for, so that a node that says it is ready misses none of their notifications.
     */
    private void awaitOtherNodes() {
        parts.database.get().notifications().ifPresent(n -> {
            if (!n.awaitListening(LISTEN_WAIT)) {
                LOG.warn(
                        "not yet listening to other nodes after {} s; the periodic looks carry on meanwhile",
                        LISTEN_WAIT.toSeconds());
            }
        });
    }

    /** The HTTP port (the real one when configured with 0). */
    public int port() {
        if (parts.http.orNull() == null) {
            throw new IllegalStateException("Helix is not started");
        }
        return parts.http.orNull().port();
    }

    /** The admin key generated on this first start, to be shown once; empty otherwise. */
    public Optional<String> generatedAdminKey() {
        return parts.storage.generatedAdminKey();
    }

    /** LLM usage accounting: budgets, per-minute limits and usage records of API keys; null before start. */
    public @Nullable Accounting accounting() {
        return parts.accounting.orNull();
    }

    /** The LLM gateway for calls from inside Helix (chat, embeddings, token figures); null before start. */
    public @Nullable GatewayCalls gatewayCalls() {
        Gateway gateway = parts.gateway.orNull();
        return gateway == null ? null : gateway.calls();
    }

    /** The commands this Helix runs: register more here, before or after start. */
    public CommandRegistry commands() {
        return commands;
    }

    public HelixConfig config() {
        return config;
    }

    /** The event bus (for embedders and tests that watch or publish events); null before start. */
    public @Nullable EventBus bus() {
        return parts.bus.orNull();
    }

    /** Stops gracefully; calling it again does nothing. */
    public synchronized void stop() {
        if (stopped || !started) {
            return;
        }
        stopped = true;
        LOG.info(
                "Helix stopping: finishing in-flight requests (up to {} ms)",
                config.server().shutdownGrace().toMillis());
        components.stop();
        LOG.info("Helix stopped");
    }

    @Override
    public void close() {
        stop();
    }

    static String nodeId(HelixConfig config) {
        if (!config.server().nodeId().isEmpty()) {
            return config.server().nodeId();
        }
        try {
            Path kernel = Path.of("/proc/sys/kernel/hostname");
            String name = Files.isReadable(kernel)
                    ? Files.readString(kernel).trim()
                    : InetAddress.getLocalHost().getHostName();
            return name.isEmpty() ? "helix-" + ProcessHandle.current().pid() : name;
        } catch (Exception e) {
            return "helix-" + ProcessHandle.current().pid();
        }
    }
}
