package dev.helix.monitor;

import dev.helix.monitor.advice.Figures;
import dev.helix.storage.Database;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The Prometheus registry every part of Helix records into, with JVM and process metrics bound. HikariCP's
 * connection-acquire timer gets a histogram boundary at {@link Figures.Pool#SLOW_WAIT}, so the share of
 * slow acquisitions can be read from it. Process and system meter names follow Prometheus' conventions
 * ({@link PrometheusNames}).
 */
public final class Metrics implements AutoCloseable {
    /** Micrometer's GC pause timer ({@link JvmGcMetrics}). */
    static final String GC_PAUSE = "jvm.gc.pause";
    /** Micrometer's gauge of the old generation's size after the last full collection ({@link JvmGcMetrics}). */
    static final String GC_LIVE_DATA = "jvm.gc.live.data.size";
    /** Micrometer's gauge of the most the old generation may grow to ({@link JvmGcMetrics}). */
    static final String GC_MAX_DATA = "jvm.gc.max.data.size";
    /** Micrometer's gauge of memory used, by {@code area} and pool ({@link JvmMemoryMetrics}). */
    static final String MEMORY_USED = "jvm.memory.used";
    /** Micrometer's gauge of the most memory there may be, by {@code area} and pool ({@link JvmMemoryMetrics}). */
    static final String MEMORY_MAX = "jvm.memory.max";
    /** Micrometer's gauge of the process's recent CPU use, 0 to 1 ({@link ProcessorMetrics}). */
    static final String PROCESS_CPU = "process.cpu.usage";
    /** Micrometer's gauge of the whole machine's recent CPU use, 0 to 1 ({@link ProcessorMetrics}). */
    static final String SYSTEM_CPU = "system.cpu.usage";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();

    /**
     * A registry with JVM and process meters bound. No label names the node: Prometheus adds the scraped target's
     * {@code instance} to every series itself, and a label of ours would repeat it on every line.
     */
    public Metrics() {
        registry.config().meterFilter(poolWaitBoundary());
        PrometheusNames.applyTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
    }

    private static MeterFilter poolWaitBoundary() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (!id.getName().equals(Database.POOL_ACQUIRE)) {
                    return config;
                }
                return DistributionStatisticConfig.builder()
                        .serviceLevelObjectives((double) Figures.Pool.SLOW_WAIT.toNanos())
                        .build()
                        .merge(config);
            }
        };
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
