package dev.helix.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helix.testing.TestClock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MeterWindowsTest {
    private final TestClock clock = new TestClock("2026-11-26T10:00:00Z");
    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final MeterWindows windows = new MeterWindows(
            registry, clock, Set.of("helix_bus_dropped", "hikaricp_connections_acquire"), Duration.ofMillis(10));
    private final Counter dropped =
            Counter.builder("helix.bus.dropped").tag("subscriber", "x").register(registry);

    private double grown(int minutes) {
        return windows.delta(minutes).named("helix_bus_dropped").values().stream()
                .mapToDouble(MeterWindows.Reading::count)
                .sum();
    }

    /** Moves the clock in sampling steps, sampling at each, as the background task does. */
    private void runFor(Duration d) {
        for (long s = 0; s < d.toSeconds(); s += MeterWindows.SAMPLE_EVERY.toSeconds()) {
            clock.advance(MeterWindows.SAMPLE_EVERY);
            windows.sample();
        }
    }

    @Test
    void beforeAnySampleAWindowCoversEverythingSinceStart() {
        dropped.increment(3);
        clock.advance(Duration.ofSeconds(30));
        MeterWindows.Delta d = windows.delta(5);
        assertThat(d.seconds()).isEqualTo(30.0);
        assertThat(grown(5)).isEqualTo(3);
    }

    @Test
    void eachWindowCountsOnlyItsOwnMinutes() {
        dropped.increment(10);
        runFor(Duration.ofMinutes(10));
        dropped.increment(4);
        runFor(Duration.ofMinutes(3));
        dropped.increment(1);
        assertThat(grown(1)).isEqualTo(1);
        assertThat(grown(5)).isEqualTo(5);
        assertThat(grown(15)).isEqualTo(15);
        assertThat(windows.delta(5).seconds()).isEqualTo(300.0);
    }

    @Test
    void growthOlderThanFifteenWholeMinutesExpires() {
        dropped.increment(7);
        runFor(Duration.ofMinutes(16).plusSeconds(15));
        assertThat(grown(15)).isZero();
        runFor(Duration.ofMinutes(30));
        assertThat(grown(15)).isZero();
        assertThat(windows.delta(15).seconds()).isBetween(15 * 60.0, 16 * 60.0 + 15);
    }

    @Test
    void aMeterThatStartsOverCountsFromZero() {
        dropped.increment(10);
        runFor(Duration.ofMinutes(2));
        registry.remove(dropped);
        Counter.builder("helix.bus.dropped")
                .tag("subscriber", "x")
                .register(registry)
                .increment(2);
        assertThat(grown(1)).isEqualTo(2);
    }

    @Test
    void timersGiveCountTotalAndHowManyWereAboveTheBoundary() {
        Timer acquire = Timer.builder("hikaricp.connections.acquire")
                .serviceLevelObjectives(Duration.ofMillis(10))
                .register(registry);
        acquire.record(Duration.ofMillis(2));
        acquire.record(Duration.ofMillis(30));
        acquire.record(Duration.ofMillis(50));
        MeterWindows.Reading r = windows.delta(1)
                .named("hikaricp_connections_acquire")
                .values()
                .iterator()
                .next();
        assertThat(r.count()).isEqualTo(3);
        assertThat(r.totalSeconds()).isEqualTo(0.082, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(r.overSlo()).isEqualTo(2);
    }

    @Test
    void namesMatchInPrometheusFormWithoutUnits() {
        assertThat(MeterWindows.baseName("helix.cache.requests")).isEqualTo("helix_cache_requests");
        assertThat(MeterWindows.baseName("helix_cache_requests_total")).isEqualTo("helix_cache_requests");
        assertThat(MeterWindows.baseName("helix_cache_load_seconds")).isEqualTo("helix_cache_load");
        assertThat(MeterWindows.baseName("jvm.gc.pause")).isEqualTo("jvm_gc_pause");
    }
}
