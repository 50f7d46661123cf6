package dev.helix.monitor;

import com.sun.management.OperatingSystemMXBean;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import java.lang.management.ManagementFactory;

/**
 * Keeps the names of Micrometer's process and system meters to Prometheus' conventions, so {@code promtool check
 * metrics} finds nothing to report: the process CPU time is {@code process_cpu_seconds_total} in seconds (the name
 * every Prometheus client library uses) instead of {@code process_cpu_time_ns_total} in nanoseconds, and the number
 * of processors is {@code jvm_available_processors} instead of {@code system_cpu_count}, a gauge whose
 * {@code _count} suffix reads as part of a histogram.
 */
final class PrometheusNames {
    /** Micrometer's processor count gauge, renamed. */
    static final String PROCESSORS = "jvm.available.processors";

    /** The process CPU time in seconds, registered here ({@code process_cpu_seconds_total}). */
    static final String PROCESS_CPU_SECONDS = "process.cpu";

    private static final String MICROMETER_PROCESSORS = "system.cpu.count";
    private static final String MICROMETER_CPU_TIME = "process.cpu.time";

    private PrometheusNames() {}

    /** Installs the renames in {@code registry}; call before Micrometer's process and system meters are bound. */
    static void applyTo(MeterRegistry registry) {
        registry.config()
                .meterFilter(MeterFilter.deny(id -> id.getName().equals(MICROMETER_CPU_TIME)))
                .meterFilter(processorsRenamed());
        bindProcessCpuSeconds(registry);
    }

    private static MeterFilter processorsRenamed() {
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                return id.getName().equals(MICROMETER_PROCESSORS) ? id.withName(PROCESSORS) : id;
            }
        };
    }

    /** Registers {@code process_cpu_seconds_total} when the JVM can tell its CPU time. */
    private static void bindProcessCpuSeconds(MeterRegistry registry) {
        if (!(ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os)
                || os.getProcessCpuTime() < 0) {
            return;
        }
        FunctionCounter.builder(PROCESS_CPU_SECONDS, os, bean -> Math.max(0, bean.getProcessCpuTime()) / 1e9)
                .baseUnit("seconds")
                .description("CPU time used by the Java virtual machine process")
                .register(registry);
    }
}
