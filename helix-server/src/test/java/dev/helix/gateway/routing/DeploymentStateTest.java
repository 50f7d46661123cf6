package dev.helix.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helix.gateway.config.GatewayConfig;
import dev.helix.testing.TestClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A deployment's cool-down runs on the ticker: time passing ends it, a wall-clock jump does not. */
class DeploymentStateTest {
    private final TestClock clock = new TestClock("2025-01-01T00:00:00Z");
    private final DeploymentState state =
            new DeploymentState("p/m", GatewayConfig.BreakerSettings.DEFAULTS, clock.ticker());

    @Test
    void aCoolDownKeepsTheDeploymentOutUntilItsTimeHasPassed() {
        assertThat(state.coolingDown()).isFalse();
        assertThat(state.coolingFor()).isZero();

        state.coolDown(Duration.ofSeconds(4));
        assertThat(state.tryAcquire()).isFalse();
        assertThat(state.unavailable()).isTrue();
        clock.advance(Duration.ofMillis(1500));
        assertThat(state.coolingFor()).isEqualTo(Duration.ofMillis(2500));

        clock.advance(Duration.ofMillis(2500));
        assertThat(state.coolingDown()).isFalse();
        assertThat(state.coolingFor()).isZero();
        assertThat(state.tryAcquire()).isTrue();
    }

    @Test
    void aShorterCoolDownDoesNotCutALongerOneShort() {
        state.coolDown(Duration.ofSeconds(60));
        state.coolDown(Duration.ofSeconds(1));
        assertThat(state.coolingFor()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void wallClockJumpsDoNotMoveACoolDown() {
        state.coolDown(Duration.ofSeconds(10));
        clock.jump(Duration.ofHours(1));
        assertThat(state.coolingFor()).isEqualTo(Duration.ofSeconds(10));
        clock.jump(Duration.ofHours(-2));
        assertThat(state.coolingFor()).isEqualTo(Duration.ofSeconds(10));
    }
}
