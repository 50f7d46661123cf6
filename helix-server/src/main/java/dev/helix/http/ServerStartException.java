package dev.helix.http;

import org.jspecify.annotations.Nullable;

/** The HTTP server could not start, e.g. because its port is taken; the message names the address and the key. */
public final class ServerStartException extends RuntimeException {
    public ServerStartException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
