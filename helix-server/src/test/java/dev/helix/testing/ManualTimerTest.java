package dev.helix.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helix.PeriodicTimer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A test clock's timer runs periodic work when time passes on the clock, and at no other time. */
class ManualTimerTest {
    private final TestClock clock = new TestClock("2025-01-01T00:00:00Z");
    private final List<String> ran = new ArrayList<>();

    @Test
    void tasksRunWhenTheirPeriodHasPassedAsOftenAsItFits() {
        clock.timer().every(Duration.ofSeconds(1), "fast", () -> ran.add("fast"));
        clock.timer().everyAfter(Duration.ofSeconds(5), "slow", () -> ran.add("slow"));

        clock.advance(Duration.ofMillis(999));
        assertThat(ran).isEmpty();
        clock.advance(Duration.ofMillis(1));
        assertThat(ran).containsExactly("fast");
        clock.advance(Duration.ofSeconds(4));
        assertThat(ran).containsExactly("fast", "fast", "fast", "fast", "fast", "slow");
    }

    @Test
    void wallClockJumpsRunNothing() {
        clock.timer().every(Duration.ofSeconds(1), "tick", () -> ran.add("tick"));
        clock.jump(Duration.ofHours(1));
        clock.set(clock.instant().plus(Duration.ofDays(1)));
        assertThat(ran).isEmpty();
    }

    @Test
    void aCancelledTaskRunsNoMore() {
        PeriodicTimer.Periodic tick = clock.timer().every(Duration.ofSeconds(1), "tick", () -> ran.add("tick"));
        clock.advance(Duration.ofSeconds(1));
        tick.cancel();
        clock.advance(Duration.ofSeconds(10));
        assertThat(ran).containsExactly("tick");
        assertThat(clock.timer().scheduled()).isEmpty();
    }
}
