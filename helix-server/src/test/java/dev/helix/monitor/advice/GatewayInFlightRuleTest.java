package dev.helix.monitor.advice;

import static dev.helix.monitor.advice.SyntheticFigures.quiet;
import static dev.helix.monitor.advice.SyntheticFigures.withCallsInFlight;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GatewayInFlightRuleTest {
    private final Rule rule = new GatewayInFlightRule();

    @Test
    void morePeakCallsThanAThirdOfTheHeapHoldsAsksForAHeapThreeTimesTheirNeed() {
        // 2,000 calls × 48 KiB = 93.75 MiB of a 256 MiB heap (37%); three times that, rounded up to 64 MiB: 320 MiB
        Recommendation r = rule.evaluate(withCallsInFlight(quiet(), 150, 2000)).orElseThrow();
        assertThat(r.id()).isEqualTo("gateway-calls-in-flight");
        assertThat(r.severity()).isEqualTo(Severity.WARNING);
        assertThat(r.configKey()).isEqualTo("HELIX_HEAP");
        assertThat(r.suggestedValue()).isEqualTo("320m");
        assertThat(r.message())
                .contains(
                        "up to 2,000 gateway requests were in flight",
                        "94m of the 256m heap",
                        "raise the heap limit with HELIX_HEAP to 320m");
        assertThat(r.evidence())
                .containsEntry("peakCallsInFlight", 2000)
                .containsEntry("callsInFlight", 150)
                .containsEntry("heapMaxBytes", 256L * 1024 * 1024);
    }

    @Test
    void isCriticalWhenTheyNeedTwoThirdsOfTheHeap() {
        Recommendation r = rule.evaluate(withCallsInFlight(quiet(), 4000, 4000)).orElseThrow();
        assertThat(r.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(r.suggestedValue()).isEqualTo("576m");
    }

    @Test
    void callsTheHeapHoldsEasilyGetNoAdvice() {
        assertThat(rule.evaluate(withCallsInFlight(quiet(), 1000, 1700))).isEmpty(); // 80 MiB: 31%
        assertThat(rule.evaluate(quiet())).isEmpty();
    }
}
