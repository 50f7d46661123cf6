package dev.helix.gateway.routing;

import dev.helix.gateway.config.GatewayConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * What the gateway has learned about one deployment: its circuit breaker, a moving average of its latency, a
 * cooldown set by a {@code 429} with {@code Retry-After}, and whether its provider passed the last health probe.
 * Cool-downs are timed by a ticker (nanoseconds, like {@link System#nanoTime()}), so wall-clock jumps do not move them.
 */
public final class DeploymentState {
    private static final double EWMA_WEIGHT = 0.2;
    private final String id;
    private final CircuitBreaker breaker;
    private final LongSupplier ticker;
    private volatile double latencyMillis = Double.NaN;
    private volatile long coolUntilNanos;

    DeploymentState(String id, GatewayConfig.BreakerSettings settings, LongSupplier ticker) {
        this.id = id;
        this.ticker = ticker;
        this.breaker = CircuitBreaker.of(
                id,
                CircuitBreakerConfig.custom()
                        .failureRateThreshold(settings.failureRate())
                        .minimumNumberOfCalls(settings.minimumCalls())
                        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                        .slidingWindowSize(Math.max(settings.window(), settings.minimumCalls()))
                        .waitDurationInOpenState(settings.openFor())
                        .permittedNumberOfCallsInHalfOpenState(1)
                        .automaticTransitionFromOpenToHalfOpenEnabled(false)
                        .build());
    }

    public String id() {
        return id;
    }

    /** Whether a call may go out now; takes the trial slot when the breaker is half-open. */
    public boolean tryAcquire() {
        return !coolingDown() && breaker.tryAcquirePermission();
    }

    /** A call succeeded after {@code nanos}. */
    public void succeeded(long nanos) {
        breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
        double ms = nanos / 1e6;
        double old = latencyMillis;
        latencyMillis = Double.isNaN(old) ? ms : old + EWMA_WEIGHT * (ms - old);
    }

    /** A call failed in a way that counts against the deployment. */
    public void failed(long nanos, Throwable why) {
        breaker.onError(nanos, TimeUnit.NANOSECONDS, why);
    }

    /** A call ended in a way that says nothing about the deployment (the request itself was bad). */
    public void neutral() {
        breaker.releasePermission();
    }

    /** Keeps the deployment out of rotation for {@code d} (a provider's {@code Retry-After}). */
    public void coolDown(Duration d) {
        coolUntilNanos = Math.max(coolUntilNanos, ticker.getAsLong() + d.toNanos());
    }

    public boolean coolingDown() {
        return coolUntilNanos - ticker.getAsLong() > 0;
    }

    /** How much of the cool-down is left; zero when the deployment is not cooling down. */
    public Duration coolingFor() {
        long left = coolUntilNanos - ticker.getAsLong();
        return left > 0 ? Duration.ofNanos(left) : Duration.ZERO;
    }

    /** The moving average latency in milliseconds; NaN until measured. */
    public double latencyMillis() {
        return latencyMillis;
    }

    /** {@code closed}, {@code open}, {@code half_open}... */
    public CircuitBreaker.State breakerState() {
        return breaker.getState();
    }

    /** Whether calls are refused now (breaker open or cooling down). */
    public boolean unavailable() {
        return coolingDown() || breaker.getState() == CircuitBreaker.State.OPEN;
    }
}
