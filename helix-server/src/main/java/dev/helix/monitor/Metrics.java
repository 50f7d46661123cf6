package dev.helix.monitor;

import dev.helix.monitor.advice.Figures;
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
                if (!id.getName().equals(PerformanceMonitor.POOL_ACQUIRE_METER)) {
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
