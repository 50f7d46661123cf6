package dev.helix.http;

/** Who may call a route. */
public enum Access {
    /** Anyone, without a key. */
    PUBLIC,
    /** Any active API key. */
    AUTHENTICATED,
    /** An active API key with the admin role. */
    ADMIN
}
