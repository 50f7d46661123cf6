package dev.helix.monitor.advice;

import static dev.helix.monitor.advice.SyntheticFigures.deployment;
import static dev.helix.monitor.advice.SyntheticFigures.quiet;
import static dev.helix.monitor.advice.SyntheticFigures.withDeployments;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class GatewayErrorRuleTest {
    private final Rule rule = new GatewayErrorRule();

    @Test
    void aFailingDeploymentAsksToCheckItsProvider() {
        Recommendation r = rule.evaluate(withDeployments(
                        quiet(),
                        deployment("openai/gpt-4o-mini", 80, Map.of("timeout", 12L, "503", 8L), 20),
                        deployment("claude/haiku", 100, Map.of("503", 1L), 1)))
                .orElseThrow();
        assertThat(r.id()).isEqualTo("gateway-errors:openai/gpt-4o-mini");
        assertThat(r.severity()).isEqualTo(Severity.WARNING);
        assertThat(r.message())
                .contains(
                        "error rate on gateway deployment openai/gpt-4o-mini 20%",
                        "20 of 100 calls failed: timeout 12, 503 8", "check provider openai");
        assertThat(r.configKey()).isEqualTo("gateway.providers");
        assertThat(r.evidence())
                .containsEntry("provider", "openai")
                .containsEntry("errorRate", 0.2)
                .containsEntry("failures", Map.of("timeout", 12L, "503", 8L));
    }

    @Test
    void isCriticalWhenMostCallsFail() {
        assertThat(rule.evaluate(withDeployments(quiet(), deployment("openai/gpt-4o", 10, Map.of("connect", 30L), 30)))
                        .orElseThrow()
                        .severity())
                .isEqualTo(Severity.CRITICAL);
    }

    @Test
    void aHealthyDeploymentGetsNoAdvice() {
        assertThat(rule.evaluate(withDeployments(quiet(), deployment("openai/gpt-4o", 81, Map.of("503", 19L), 19))))
                .isEmpty();
    }

    @Test
    void tooFewCallsToJudge() {
        assertThat(rule.evaluate(withDeployments(quiet(), deployment("openai/gpt-4o", 9, Map.of("503", 10L), 10))))
                .isEmpty();
    }
}
