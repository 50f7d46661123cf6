package dev.helix.auth;

/** No API key has the given id. */
public final class KeyNotFoundException extends RuntimeException {
    public KeyNotFoundException(String id) {
        super("no API key has id '" + id + "'");
    }
}
