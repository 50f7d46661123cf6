package dev.helix.gateway.provider;

import org.jspecify.annotations.Nullable;

/** The request cannot be expressed in a provider's API (e.g. {@code n > 1} for Anthropic); answered with 400. */
public final class UnsupportedRequestException extends RuntimeException {
    public UnsupportedRequestException(@Nullable String message) {
        super(message);
    }
}
