package dev.helix.gateway.config;

/** The {@code gateway:} section is invalid; the message names the file, the field path and what is allowed. */
public final class GatewayConfigException extends RuntimeException {
    public GatewayConfigException(String message) {
        super(message);
    }
}
