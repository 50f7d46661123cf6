package dev.helix.monitor.advice;

import static dev.helix.monitor.advice.SyntheticFigures.jvm;
import static dev.helix.monitor.advice.SyntheticFigures.quiet;
import static dev.helix.monitor.advice.SyntheticFigures.withJvm;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GcOverheadRuleTest {
    private final Rule rule = new GcOverheadRule();

    @Test
    void longPausesAskForAHigherHeapLimit() {
        Recommendation r = rule.evaluate(withJvm(quiet(), jvm(0.5, 400, 0.15))).orElseThrow();
        assertThat(r.id()).isEqualTo("gc-overhead");
        assertThat(r.configKey()).isEqualTo("HELIX_HEAP");
        assertThat(r.suggestedValue()).isEqualTo("512m");
        assertThat(r.message()).contains("paused Helix for 15% of the last 5 minutes (400 pauses)");
        assertThat(r.evidence()).containsEntry("pauseShare", 0.15);
    }

    @Test
    void shortPausesGetNoAdvice() {
        assertThat(rule.evaluate(withJvm(quiet(), jvm(0.5, 400, 0.10)))).isEmpty();
    }

    @Test
    void tooFewPausesToJudge() {
        assertThat(rule.evaluate(withJvm(quiet(), jvm(0.5, 9, 0.5)))).isEmpty();
    }
}
