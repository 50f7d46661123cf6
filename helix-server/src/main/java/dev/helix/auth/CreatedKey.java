package dev.helix.auth;

/**
 * A key just created, with its secret: the only time the secret exists outside the caller's hands.
 *
 * @param key    the stored key
 * @param secret the full {@code hx_…} secret
 */
public record CreatedKey(ApiKey key, String secret) {
    @Override
    public String toString() {
        return "CreatedKey[" + key + ", secret=****]";
    }
}
