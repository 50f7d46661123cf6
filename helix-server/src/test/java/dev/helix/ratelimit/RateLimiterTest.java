package dev.helix.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helix.config.RouteClass;
import dev.helix.testing.TestClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Local token buckets: the quota, refill, independence of callers and classes, and the header values. */
class RateLimiterTest {
    private final TestClock clock = new TestClock("2026-11-26T10:00:00Z");

    private RateLimiter limiter(String... settings) {
        return new RateLimiter(LimitsFixture.limits(settings), Optional.empty(), clock, new SimpleMeterRegistry());
    }

    @Test
    void aCallerMayUseItsWholeQuotaAtOnceThenWaitsForOneUnitToComeBack() {
        RateLimiter limiter = limiter("limits.defaultRate=3/1m");
        for (long remaining = 2; remaining >= 0; remaining--) {
            Verdict v = limiter.check(RouteClass.DEFAULT, "key_a");
            assertThat(v.allowed()).isTrue();
            assertThat(v.remaining()).isEqualTo(remaining);
            assertThat(v.secondsToNext()).isEqualTo(20);
        }
        Verdict refused = limiter.check(RouteClass.DEFAULT, "key_a");
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.nanosToNext()).isEqualTo(Duration.ofSeconds(20).toNanos());
        assertThat(refused.retryAfterSeconds()).isEqualTo(20);
        assertThat(limiter.stateHeader(RouteClass.DEFAULT, refused)).isEqualTo("\"default\";r=0;t=20");
        assertThat(limiter.policyHeader(RouteClass.DEFAULT)).isEqualTo("\"default\";q=3;w=60");
    }

    @Test
    void unitsComeBackContinuouslyAndAFullBucketSaysNothingMoreIsComing() {
        RateLimiter limiter = limiter("limits.defaultRate=3/1m");
        for (int i = 0; i < 3; i++) {
            limiter.check(RouteClass.DEFAULT, "key_a");
        }
        clock.advance(Duration.ofSeconds(19));
        assertThat(limiter.check(RouteClass.DEFAULT, "key_a").nanosToNext())
                .isEqualTo(Duration.ofSeconds(1).toNanos());
        clock.advance(Duration.ofSeconds(1));
        Verdict back = limiter.check(RouteClass.DEFAULT, "key_a");
        assertThat(back.allowed()).isTrue();
        assertThat(back.remaining()).isZero();
        clock.advance(Duration.ofMinutes(5));
        Verdict full = limiter.check(RouteClass.DEFAULT, "key_a");
        assertThat(full.remaining()).isEqualTo(2);
        assertThat(full.secondsToNext()).isEqualTo(20);
    }

    @Test
    void callersAndClassesHaveTheirOwnBuckets() {
        RateLimiter limiter = limiter("limits.defaultRate=1/1h", "limits.gatewayRate=1/1h");
        assertThat(limiter.check(RouteClass.DEFAULT, "key_a").allowed()).isTrue();
        assertThat(limiter.check(RouteClass.DEFAULT, "key_a").allowed()).isFalse();
        assertThat(limiter.check(RouteClass.DEFAULT, "key_b").allowed()).isTrue();
        assertThat(limiter.check(RouteClass.GATEWAY, "key_a").allowed()).isTrue();
        assertThat(limiter.check(RouteClass.GATEWAY, "key_a").allowed()).isFalse();
    }

    @Test
    void fastRatesRoundTheNextUnitUpToOneSecond() {
        RateLimiter limiter = limiter("limits.gatewayRate=6000/1m");
        Verdict v = limiter.check(RouteClass.GATEWAY, "key_a");
        assertThat(v.remaining()).isEqualTo(5999);
        assertThat(v.nanosToNext()).isEqualTo(Duration.ofMillis(10).toNanos());
        assertThat(v.secondsToNext()).isEqualTo(1);
        assertThat(limiter.policyHeader(RouteClass.GATEWAY)).isEqualTo("\"gateway\";q=6000;w=60");
    }

    @Test
    void aClassWhoseRateIsOffIsNotLimited() {
        RateLimiter limiter = limiter("limits.commandsRate=off");
        assertThat(limiter.limits(RouteClass.COMMANDS)).isFalse();
        assertThat(limiter.limits(RouteClass.DEFAULT)).isTrue();
        assertThat(limiter.shared()).isFalse();
    }

    @Test
    void aBucketForgottenAfterAnIdlePeriodComesBackFull() {
        RateLimiter limiter = limiter("limits.publicRate=2/1m");
        limiter.check(RouteClass.PUBLIC, "203.0.113.7");
        limiter.check(RouteClass.PUBLIC, "203.0.113.7");
        assertThat(limiter.check(RouteClass.PUBLIC, "203.0.113.7").allowed()).isFalse();
        clock.advance(Duration.ofMinutes(1).plusMillis(1));
        assertThat(limiter.check(RouteClass.PUBLIC, "203.0.113.7").remaining()).isEqualTo(1);
    }
}
