package dev.helix.gateway.provider;

import org.jspecify.annotations.Nullable;

/** A provider sent an error inside a stream that had already started. */
public class StreamErrorException extends RuntimeException {
    public StreamErrorException(@Nullable String message) {
        super(message);
    }
}
