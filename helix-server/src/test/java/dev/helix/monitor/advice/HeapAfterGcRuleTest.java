package dev.helix.monitor.advice;

import static dev.helix.monitor.advice.SyntheticFigures.jvm;
import static dev.helix.monitor.advice.SyntheticFigures.quiet;
import static dev.helix.monitor.advice.SyntheticFigures.withJvm;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeapAfterGcRuleTest {
    private final Rule rule = new HeapAfterGcRule();

    @Test
    void aHeapNearlyFullAfterCollectionAsksForAHigherLimit() {
        Recommendation r = rule.evaluate(withJvm(quiet(), jvm(0.9, 3, 0.01))).orElseThrow();
        assertThat(r.id()).isEqualTo("heap-after-gc");
        assertThat(r.severity()).isEqualTo(Severity.WARNING);
        assertThat(r.configKey()).isEqualTo("HELIX_HEAP");
        assertThat(r.suggestedValue()).isEqualTo("512m");
        assertThat(r.message()).contains("90% full after garbage collection", "limit 256m", "raise the heap limit");
        assertThat(r.evidence()).containsEntry("heapAfterGc", 0.9).containsEntry("limit", 0.85);
    }

    @Test
    void isCriticalAbove95Percent() {
        assertThat(rule.evaluate(withJvm(quiet(), jvm(0.97, 3, 0.01)))
                        .orElseThrow()
                        .severity())
                .isEqualTo(Severity.CRITICAL);
    }

    @Test
    void roomAfterCollectionGetsNoAdvice() {
        assertThat(rule.evaluate(withJvm(quiet(), jvm(0.85, 3, 0.01)))).isEmpty();
    }

    @Test
    void noRecentCollectionOrNoFigureGetsNoAdvice() {
        assertThat(rule.evaluate(withJvm(quiet(), jvm(0.99, 0, 0)))).isEmpty();
        assertThat(rule.evaluate(withJvm(quiet(), jvm(null, 3, 0.01)))).isEmpty();
    }
}
