package dev.helix.gateway.provider;

import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An upstream call failed. {@link #kind()} says how, which decides whether another deployment is tried; the
 * message names the provider and what happened, never a secret.
 */
public final class UpstreamException extends RuntimeException {
    /** How an upstream call failed. */
    public enum Kind {
        /** The connection could not be opened. */
        CONNECT,
        /** No first byte, no next chunk, or no end within the provider's timeouts. */
        TIMEOUT,
        /** The provider answered with an error status. */
        STATUS,
        /** The provider answered 2xx with something that is not a valid response (HTML, truncated JSON...). */
        BAD_RESPONSE,
        /** The connection broke in the middle of the response. */
        CUT
    }

    private final Kind kind;
    private final int status;
    private final @Nullable Duration retryAfter;

    public UpstreamException(
            Kind kind, int status, @Nullable Duration retryAfter, String message, @Nullable Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.status = status;
        this.retryAfter = retryAfter;
    }

    public static UpstreamException of(Kind kind, String message) {
        return new UpstreamException(kind, 0, null, message, null);
    }

    public Kind kind() {
        return kind;
    }

    /** The upstream status for {@link Kind#STATUS}, else 0. */
    public int status() {
        return status;
    }

    /** The provider's {@code Retry-After}, if it sent one. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
