package dev.helix.gateway;

import dev.helix.gateway.config.DeploymentConfig;
import dev.helix.gateway.config.ModelConfig;
import dev.helix.gateway.provider.UpstreamException;
import dev.helix.gateway.routing.DeploymentState;
import dev.helix.http.ProblemException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What went wrong while one request was tried on a model's deployments: each failure as a part of the message, the
 * statuses, the provider's last {@code Retry-After}, the soonest end of a deployment's cool-down, and how many answers
 * failed after the provider had started them (which it may bill). Made into the error the client gets when no
 * deployment answered.
 */
final class Failures {
    private static final int TIMEOUT = code(UpstreamException.Kind.TIMEOUT);

    private final List<String> parts = new ArrayList<>();
    private final Set<Integer> statuses = new HashSet<>();
    private Duration retryAfter;
    private long coolEndNanos;
    private boolean cooling;
    private int failedAnswers;

    /** {@code deployment} was not tried: its circuit breaker is open or it is cooling down. */
    void skipped(DeploymentConfig deployment, DeploymentState state) {
        parts.add(deployment.id() + ": " + (state.coolingDown() ? "cooling down after a 429"
                : "circuit breaker open"));
        noteCoolDown(state);
    }

    /**
     * A call to {@code deployment} failed with {@code e}; {@code responded} when the provider had sent response
     * headers, which for anything but an error status means it had started a success answer.
     */
    void failed(DeploymentConfig deployment, UpstreamException e, boolean responded, DeploymentState state) {
        parts.add(deployment.id() + ": " + e.getMessage());
        statuses.add(e.kind() == UpstreamException.Kind.STATUS ? e.status() : code(e.kind()));
        retryAfter = e.retryAfter().orElse(null);
        if (responded && e.kind() != UpstreamException.Kind.STATUS) {
            failedAnswers++;
        }
        noteCoolDown(state);
    }

    /** The {@code Retry-After} of the last failure, or null. */
    Duration retryAfter() {
        return retryAfter;
    }

    /** Answers a provider started with a success status that then failed (cut, timed out, unreadable). */
    int failedAnswers() {
        return failedAnswers;
    }

    /** The provider rejected the request itself ({@code e}, a 4xx): passed on without trying further. */
    ProblemException rejected(UpstreamException e, int attempts) {
        return GatewayErrors.upstream(e.status(), "upstream-rejected", e.getMessage(), attempts, failedAnswers,
                Map.of());
    }

    /** Every deployment of {@code model} and its fallbacks failed or was skipped. */
    ProblemException exhausted(ModelConfig model, int attempts) {
        String message = "every deployment of model '" + model.name() + "'" + (model.fallbacks().isEmpty() ? ""
                : " and its fallbacks") + " failed after " + attempts + " attempt" + (attempts == 1 ? "" : "s")
                + ": " + String.join("; ", parts);
        if (statuses.equals(Set.of(429)) || attempts == 0 && parts.stream().allMatch(f -> f.contains("429"))) {
            return GatewayErrors.upstream(429, "upstream-rate-limited", message, attempts, failedAnswers,
                    Map.of("Retry-After", Long.toString(retryAfterSeconds())));
        }
        int status = statuses.equals(Set.of(TIMEOUT)) ? 504 : attempts == 0 ? 503 : 502;
        return GatewayErrors.upstream(status, "upstream-failed", message, attempts, failedAnswers,
                status == 503 ? Map.of("Retry-After", "1") : Map.of());
    }

    /**
     * Whole seconds, rounded up and at least 1, until a deployment may be tried again: the end of the soonest
     * cool-down, else the provider's last {@code Retry-After}, else 1.
     */
    private long retryAfterSeconds() {
        long nanos = cooling ? coolEndNanos - System.nanoTime() : retryAfter != null ? retryAfter.toNanos() : 0;
        long seconds = nanos / 1_000_000_000L + (nanos % 1_000_000_000L > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }

    private void noteCoolDown(DeploymentState state) {
        Duration left = state.coolingFor();
        if (left.isZero()) {
            return;
        }
        long end = System.nanoTime() + left.toNanos();
        if (!cooling || end - coolEndNanos < 0) {
            coolEndNanos = end;
            cooling = true;
        }
    }

    /** How a failure without a status is kept among the statuses: a negative number per kind. */
    private static int code(UpstreamException.Kind kind) {
        return -1 - kind.ordinal();
    }
}
