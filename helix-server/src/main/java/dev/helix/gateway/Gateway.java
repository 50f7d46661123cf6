package dev.helix.gateway;

import dev.helix.gateway.cache.ResponseCache;
import dev.helix.gateway.cache.SharedAnswers;
import dev.helix.gateway.config.GatewayConfig;
import dev.helix.gateway.config.GatewayConfigSource;
import dev.helix.gateway.config.ProviderConfig;
import dev.helix.gateway.provider.CallWatch;
import dev.helix.gateway.provider.Provider;
import dev.helix.gateway.provider.UpstreamException;
import dev.helix.gateway.provider.Watchdog;
import dev.helix.gateway.routing.Router;
import dev.helix.gateway.usage.Accounting;
import dev.helix.health.HealthCheck;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The LLM gateway: the configured providers and models (reloaded when {@code helix.yaml} changes), the router that
 * picks deployments, the exact-match cache, health probes, and {@link Completions} that serves requests, from HTTP
 * ({@link GatewayApi}) and from inside Helix ({@link #calls()}).
 */
public final class Gateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
    private static final Duration OLD_PROVIDER_GRACE = Duration.ofMinutes(10);

    private final Router router;
    private final Watchdog watchdog;
    private final GatewayMetrics metrics;
    private final ResponseCache cache;
    private final Completions completions;
    private final GatewayCalls calls;
    private final ScheduledExecutorService scheduler;
    private final Set<Future<?>> scheduled = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    private volatile @Nullable Thread probing;
    private final GatewayConfigSource source;
    private volatile GatewaySetup setup = GatewaySetup.EMPTY;
    private volatile Map<String, String> unhealthy = Map.of();

    private Gateway(
            Optional<Path> file,
            Map<String, String> env,
            MeterRegistry registry,
            Accounting accounting,
            Optional<SharedAnswers> sharedAnswers,
            Clock clock,
            LongSupplier ticker,
            ScheduledExecutorService scheduler) {
        this.router = new Router(ticker);
        this.metrics = new GatewayMetrics(registry);
        this.scheduler = scheduler;
        this.watchdog = new Watchdog(scheduler);
        this.cache = new ResponseCache(GatewayConfig.CacheSettings.DEFAULTS, sharedAnswers.orElse(null));
        this.completions = new Completions(
                this::setup,
                new Failover(router, watchdog, metrics),
                cache,
                metrics,
                accounting,
                new InFlightCalls(clock, registry),
                clock);
        this.calls = new GatewayCalls(completions, this::setup);
        this.source = GatewayConfigSource.start(file, env, this::apply);
        apply(source.current());
    }

    /**
     * Reads the {@code gateway:} section of {@code file} (throwing if it is invalid), builds the providers and
     * starts watching the file and probing providers. Cached answers are shared with other nodes through
     * {@code sharedAnswers} (empty = this node only). Cool-downs after a {@code 429} are timed by {@code ticker}
     * (nanoseconds, like {@link System#nanoTime()}). Probes, timeouts and the closing of replaced providers are
     * timed by {@code scheduler}, which the caller owns and stops after closing the gateway; probes themselves run
     * on a virtual thread.
     */
    public static Gateway start(
            Optional<Path> file,
            Map<String, String> env,
            MeterRegistry registry,
            Accounting accounting,
            Optional<SharedAnswers> sharedAnswers,
            Clock clock,
            LongSupplier ticker,
            ScheduledExecutorService scheduler) {
        Gateway gateway = new Gateway(file, env, registry, accounting, sharedAnswers, clock, ticker, scheduler);
        gateway.scheduleProbes();
        return gateway;
    }

    /** Serves chat completions and embeddings. */
    Completions completions() {
        return completions;
    }

    /** The gateway for callers inside Helix: chat completions and embeddings without HTTP, and token figures. */
    public GatewayCalls calls() {
        return calls;
    }

    /** The configuration in force. */
    public GatewayConfig config() {
        return setup.config();
    }

    GatewaySetup setup() {
        return setup;
    }

    /** The {@code gateway} health check: DEGRADED while the config is rejected or a provider fails its probe. */
    public HealthCheck health() {
        return () -> {
            String problem = source.problem();
            if (problem != null) {
                throw new HealthCheck.Degraded(problem);
            }
            Map<String, String> down = unhealthy;
            if (!down.isEmpty()) {
                throw new HealthCheck.Degraded("providers failing their health probe: " + down);
            }
        };
    }

    private synchronized void apply(GatewayConfig config) {
        GatewaySetup old = setup;
        Map<String, Provider> providers = new HashMap<>();
        config.providers().forEach((id, p) -> {
            Provider existing = old.providers().get(id);
            providers.put(id, existing != null && existing.config().equals(p) ? existing : ProviderFactory.create(p));
        });
        router.configure(config);
        cache.configure(config.cache());
        setup = new GatewaySetup(config, providers);
        metrics.watchBreakers(
                router,
                config.models().stream()
                        .flatMap(m -> m.deployments().stream())
                        .map(d -> d.id())
                        .distinct()
                        .toList());
        List<Provider> retired = old.providers().values().stream()
                .filter(p -> !providers.containsValue(p))
                .toList();
        if (!retired.isEmpty()) {
            later(() -> retired.forEach(Provider::close), OLD_PROVIDER_GRACE);
        }
    }

    /** Probes after the configured interval, then schedules the next probe (so a reloaded interval applies). */
    private void scheduleProbes() {
        Duration every = Duration.ofMillis(
                Math.max(1, setup.config().retry().healthInterval().toMillis()));
        later(
                () -> probing = Thread.ofVirtual().name("helix-gateway-probes").start(() -> {
                    try {
                        probeAll();
                    } catch (Throwable t) {
                        LOG.warn("LLM provider health probes failed: {}", t.toString());
                    } finally {
                        scheduleProbes();
                    }
                }),
                every);
    }

    /** Runs {@code task} after {@code delay} on the scheduler, unless the gateway is closed by then. */
    private void later(Runnable task, Duration delay) {
        if (closed || scheduler.isShutdown()) {
            return;
        }
        scheduled.removeIf(Future::isDone);
        try {
            scheduled.add(scheduler.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS));
        } catch (RejectedExecutionException stopped) {
            // the scheduler stopped: nothing more to run
        }
    }

    /**
     * Probes every provider with health checks on, and tells the router which answered. Any answer but a server
     * error, a refused key or a rate limit counts as up (some APIs have no models list at the probed path).
     */
    void probeAll() {
        Map<String, String> down = new HashMap<>();
        for (Provider provider : setup.providers().values()) {
            ProviderConfig config = provider.config();
            if (!config.healthCheck()) {
                continue;
            }
            CallWatch watch = watchdog.watch(config.timeouts());
            try {
                provider.probe(watch);
                router.providerHealth(config.id(), true);
            } catch (UpstreamException e) {
                boolean answered = e.kind() == UpstreamException.Kind.STATUS
                        && e.status() < 500
                        && e.status() != 401
                        && e.status() != 403
                        && e.status() != 429;
                router.providerHealth(config.id(), answered);
                if (!answered) {
                    down.put(config.id(), e.getMessage());
                }
            } catch (RuntimeException e) {
                router.providerHealth(config.id(), false);
                down.put(config.id(), e.getMessage());
            } finally {
                watch.finish();
            }
        }
        if (!down.equals(unhealthy) && !down.isEmpty()) {
            LOG.warn("LLM providers failing their health probe: {}", down);
        }
        unhealthy = Map.copyOf(down);
    }

    /** Re-reads the {@code gateway:} section of the config file; an invalid one is refused (see {@link #health()}). */
    public void reload() {
        source.reload();
    }

    @Override
    public void close() {
        closed = true;
        scheduled.forEach(f -> f.cancel(false));
        Thread probe = probing;
        if (probe != null) {
            probe.interrupt();
        }
        watchdog.close();
        setup.providers().values().forEach(Provider::close);
    }
}
