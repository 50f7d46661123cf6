package dev.helix.monitor.advice;

import static dev.helix.monitor.advice.SyntheticFigures.jvm;
import static dev.helix.monitor.advice.SyntheticFigures.quiet;
import static dev.helix.monitor.advice.SyntheticFigures.route;
import static dev.helix.monitor.advice.SyntheticFigures.withJvm;
import static dev.helix.monitor.advice.SyntheticFigures.withRoutes;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AdvisorTest {
    @Test
    void aQuietNodeGetsNoAdvice() {
        assertThat(Advisor.standard().advise(quiet())).isEmpty();
    }

    @Test
    void mostSevereFirst() {
        var figures = withJvm(withRoutes(quiet(), route("GET", "/api/v1/state", 500, 1_500, 0)), jvm(0.97, 2, 0.01));
        assertThat(Advisor.standard().advise(figures))
                .extracting(Recommendation::id)
                .containsExactly("heap-after-gc", "route-latency:GET /api/v1/state");
    }

    @Test
    void aFailingRuleIsSkipped() {
        Rule broken = f -> {
            throw new IllegalStateException("boom");
        };
        Rule fine = f -> Optional.of(new Recommendation("fine", Severity.INFO, "ok", Map.of(), null, null));
        assertThat(new Advisor(List.of(broken, fine)).advise(quiet()))
                .extracting(Recommendation::id)
                .containsExactly("fine");
    }
}
