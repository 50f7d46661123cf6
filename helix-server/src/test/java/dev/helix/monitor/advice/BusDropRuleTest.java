package dev.helix.monitor.advice;

import static dev.helix.monitor.advice.SyntheticFigures.events;
import static dev.helix.monitor.advice.SyntheticFigures.quiet;
import static dev.helix.monitor.advice.SyntheticFigures.withEvents;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BusDropRuleTest {
    private final Rule rule = new BusDropRule();

    @Test
    void namesTheSubscriberThatDroppedTheMost() {
        Recommendation r = rule.evaluate(
                        withEvents(quiet(), events(Map.of("realtime", 120L, "command-cache", 3L), 0, 1000)))
                .orElseThrow();
        assertThat(r.id()).isEqualTo("bus-drops:realtime");
        assertThat(r.severity()).isEqualTo(Severity.WARNING);
        assertThat(r.message()).contains("subscriber 'realtime' dropped 120 events in the last 15 minutes");
        assertThat(r.evidence())
                .containsEntry("dropped", 120L)
                .containsEntry("droppedBySubscriber", Map.of("realtime", 120L, "command-cache", 3L));
        assertThat(r.configKey()).isNull();
    }

    @Test
    void aSingleDropIsEnough() {
        assertThat(rule.evaluate(withEvents(quiet(), events(Map.of("command-cache", 1L), 0, 1000))))
                .isPresent();
    }

    @Test
    void noDropsNoAdvice() {
        assertThat(rule.evaluate(withEvents(quiet(), events(Map.of(), 0, 1000))))
                .isEmpty();
    }
}
