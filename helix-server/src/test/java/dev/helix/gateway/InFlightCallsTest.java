package dev.helix.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helix.testing.TestClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class InFlightCallsTest {
    private final TestClock clock = new TestClock("2026-11-26T10:00:00Z");
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final InFlightCalls calls = new InFlightCalls(clock, registry);

    private double gauge(String name) {
        return registry.get(name).gauge().value();
    }

    @Test
    void countsCallsNowAndKeepsThePeakForFifteenMinutes() {
        for (int i = 0; i < 5; i++) {
            calls.started();
        }
        for (int i = 0; i < 4; i++) {
            calls.finished();
        }
        assertThat(gauge(GatewayMetrics.CALLS_IN_FLIGHT)).isEqualTo(1);
        assertThat(gauge(GatewayMetrics.CALLS_IN_FLIGHT_PEAK)).isEqualTo(5);

        clock.advance(Duration.ofMinutes(10));
        calls.started();
        calls.started();
        assertThat(calls.peak()).isEqualTo(5);

        clock.advance(Duration.ofMinutes(6)); // the minute of the 5 is now 16 minutes ago
        assertThat(calls.peak()).isEqualTo(3);
        assertThat(calls.now()).isEqualTo(3);

        clock.advance(Duration.ofMinutes(30));
        calls.finished();
        calls.finished();
        calls.finished();
        assertThat(calls.peak()).isZero();
    }

    @Test
    void aSlotIsReusedWhenItsMinuteComesRoundAgain() {
        calls.started();
        calls.started();
        calls.finished();
        calls.finished();
        clock.advance(Duration.ofMinutes(InFlightCalls.MINUTES)); // same slot, a later minute
        calls.started();
        assertThat(calls.peak()).isEqualTo(1);
    }
}
