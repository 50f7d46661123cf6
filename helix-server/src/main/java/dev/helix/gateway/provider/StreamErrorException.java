package dev.helix.gateway.provider;

/** A provider sent an error inside a stream that had already started. */
public class StreamErrorException extends RuntimeException {
    public StreamErrorException(String message) {
        super(message);
    }
}
