package dev.helix.monitor.advice;

import static dev.helix.monitor.advice.SyntheticFigures.events;
import static dev.helix.monitor.advice.SyntheticFigures.quiet;
import static dev.helix.monitor.advice.SyntheticFigures.withEvents;
import static org.assertj.core.api.Assertions.assertThat;

import dev.helix.config.ConfigKeys;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RealtimeSlowClientsRuleTest {
    private final Rule rule = new RealtimeSlowClientsRule();

    @Test
    void slowDisconnectsAskForALongerQueue() {
        Recommendation r =
                rule.evaluate(withEvents(quiet(), events(Map.of(), 8, 1000))).orElseThrow();
        assertThat(r.id()).isEqualTo("realtime-slow-clients");
        assertThat(r.configKey()).isEqualTo(ConfigKeys.REALTIME_MAX_PENDING.name());
        assertThat(r.suggestedValue()).isEqualTo("2000");
        assertThat(r.message()).contains("8 real-time clients were disconnected", "1,000 messages behind");
        assertThat(r.evidence()).containsEntry("slowDisconnects", 8L).containsEntry("maxPending", 1000);
    }

    @Test
    void tooFewDisconnectsToJudge() {
        assertThat(rule.evaluate(withEvents(quiet(), events(Map.of(), 4, 1000))))
                .isEmpty();
    }
}
