package dev.helix.gateway;

import dev.helix.gateway.config.DeploymentConfig;
import dev.helix.gateway.config.ModelConfig;
import dev.helix.gateway.provider.UpstreamException;
import dev.helix.gateway.routing.DeploymentState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * What went wrong while one request was tried on a model's deployments: each failure as a part of the message, how
 * many timed out or were rate limited, the provider's last {@code Retry-After}, the soonest end of a deployment's
 * cool-down, and how many answers failed after the provider had started them (which it may bill). Made into the error
 * the client gets when no deployment answered.
 */
final class Failures {
    private final LongSupplier ticker;
    private final List<String> parts = new ArrayList<>();
    private int failures;
    private int timeouts;
    private int rateLimited;
    private int coolingSkips;
    private @Nullable Duration retryAfter;
    private long coolEndNanos;
    private boolean cooling;
    private int failedAnswers;

    /** Failures whose cool-down ends are read on {@code ticker}, the deployments' own. */
    Failures(LongSupplier ticker) {
        this.ticker = ticker;
    }

    /** {@code deployment} was not tried: its circuit breaker is open or it is cooling down. */
    void skipped(DeploymentConfig deployment, DeploymentState state) {
        boolean coolingDown = state.coolingDown();
        parts.add(deployment.id() + ": " + (coolingDown ? "cooling down after a 429" : "circuit breaker open"));
        coolingSkips += coolingDown ? 1 : 0;
        noteCoolDown(state);
    }

    /**
     * A call to {@code deployment} failed with {@code e}; {@code responded} when the provider had sent response
     * headers, which for anything but an error status means it had started a success answer.
     */
    void failed(DeploymentConfig deployment, UpstreamException e, boolean responded, DeploymentState state) {
        parts.add(deployment.id() + ": " + e.getMessage());
        failures++;
        timeouts += e.kind() == UpstreamException.Kind.TIMEOUT ? 1 : 0;
        rateLimited += e.kind() == UpstreamException.Kind.STATUS && e.status() == 429 ? 1 : 0;
        retryAfter = e.retryAfter().orElse(null);
        if (responded && e.kind() != UpstreamException.Kind.STATUS) {
            failedAnswers++;
        }
        noteCoolDown(state);
    }

    /** The {@code Retry-After} of the last failure, or null. */
    @Nullable
    Duration retryAfter() {
        return retryAfter;
    }

    /** Answers a provider started with a success status that then failed (cut, timed out, unreadable). */
    int failedAnswers() {
        return failedAnswers;
    }

    /** The provider rejected the request itself ({@code e}, a 4xx): passed on without trying further. */
    FailoverException rejected(UpstreamException e, int attempts) {
        return FailoverException.rejected(e.status(), e.getMessage(), attempts, failedAnswers);
    }

    /** Every deployment of {@code model} and its fallbacks failed or was skipped. */
    FailoverException exhausted(ModelConfig model, int attempts) {
        String message = "every deployment of model '" + model.name() + "'"
                + (model.fallbacks().isEmpty() ? "" : " and its fallbacks") + " failed after " + attempts + " attempt"
                + (attempts == 1 ? "" : "s")
                + ": " + String.join("; ", parts);
        if ((failures > 0 && rateLimited == failures) || (attempts == 0 && coolingSkips == parts.size())) {
            return FailoverException.rateLimited(
                    message, attempts, failedAnswers, Duration.ofSeconds(retryAfterSeconds()));
        }
        FailoverException.Kind kind = failures > 0 && timeouts == failures
                ? FailoverException.Kind.TIMED_OUT
                : attempts == 0 ? FailoverException.Kind.UNAVAILABLE : FailoverException.Kind.FAILED;
        return FailoverException.failed(kind, message, attempts, failedAnswers);
    }

    /**
     * Whole seconds, rounded up and at least 1, until a deployment may be tried again: the end of the soonest
     * cool-down, else the provider's last {@code Retry-After}, else 1.
     */
    private long retryAfterSeconds() {
        long nanos = cooling ? coolEndNanos - ticker.getAsLong() : retryAfter != null ? retryAfter.toNanos() : 0;
        long seconds = nanos / 1_000_000_000L + (nanos % 1_000_000_000L > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }

    private void noteCoolDown(DeploymentState state) {
        Duration left = state.coolingFor();
        if (left.isZero()) {
            return;
        }
        long end = ticker.getAsLong() + left.toNanos();
        if (!cooling || end - coolEndNanos < 0) {
            coolEndNanos = end;
            cooling = true;
        }
    }
}
