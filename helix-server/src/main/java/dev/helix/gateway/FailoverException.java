package dev.helix.gateway;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * No deployment answered a request: how it ended ({@link #kind()}), how many upstream calls were made and how many
 * answers failed after the provider had started them. The HTTP layer makes it an error answer
 * ({@link GatewayErrors#upstream(FailoverException)}); the request's usage is recorded from it.
 */
final class FailoverException extends RuntimeException {
    /** How the request ended. */
    enum Kind {
        /** A provider rejected the request itself (a 4xx the client caused): passed on with its status. */
        REJECTED,
        /** Every call was rate limited, or every deployment is cooling down after a 429. */
        RATE_LIMITED,
        /** Every call timed out. */
        TIMED_OUT,
        /** No deployment could be tried at all. */
        UNAVAILABLE,
        /** Calls failed in other ways (or in several). */
        FAILED,
        /** The request was interrupted while waiting to retry. */
        INTERRUPTED
    }

    private final Kind kind;
    private final int rejectedStatus;
    private final int attempts;
    private final int failedAnswers;
    private final Duration retryAfter;

    private FailoverException(
            Kind kind,
            int rejectedStatus,
            @Nullable String message,
            int attempts,
            int failedAnswers,
            Duration retryAfter) {
        super(message);
        this.kind = kind;
        this.rejectedStatus = rejectedStatus;
        this.attempts = attempts;
        this.failedAnswers = failedAnswers;
        this.retryAfter = retryAfter;
    }

    /** A provider answered {@code status}, a 4xx the client caused. */
    static FailoverException rejected(int status, @Nullable String message, int attempts, int failedAnswers) {
        return new FailoverException(Kind.REJECTED, status, message, attempts, failedAnswers, Duration.ZERO);
    }

    /** Rate limited everywhere; a deployment may be tried again after {@code retryAfter}. */
    static FailoverException rateLimited(String message, int attempts, int failedAnswers, Duration retryAfter) {
        return new FailoverException(Kind.RATE_LIMITED, 0, message, attempts, failedAnswers, retryAfter);
    }

    /** Failed as {@code kind} (not {@link Kind#REJECTED} nor {@link Kind#RATE_LIMITED}). */
    static FailoverException failed(Kind kind, String message, int attempts, int failedAnswers) {
        if (kind == Kind.REJECTED || kind == Kind.RATE_LIMITED) {
            throw new IllegalArgumentException(kind + " carries a status or a retry time");
        }
        return new FailoverException(kind, 0, message, attempts, failedAnswers, Duration.ZERO);
    }

    Kind kind() {
        return kind;
    }

    /** The status the client gets. */
    int status() {
        return switch (kind) {
            case REJECTED -> rejectedStatus;
            case RATE_LIMITED -> 429;
            case TIMED_OUT -> 504;
            case UNAVAILABLE, INTERRUPTED -> 503;
            case FAILED -> 502;
        };
    }

    /** Upstream calls made. */
    int attempts() {
        return attempts;
    }

    /** Calls whose answer failed after the provider had started it (it may bill them). */
    int failedAnswers() {
        return failedAnswers;
    }

    /** When a deployment may be tried again, for {@link Kind#RATE_LIMITED}; zero otherwise. */
    Duration retryAfter() {
        return retryAfter;
    }
}
