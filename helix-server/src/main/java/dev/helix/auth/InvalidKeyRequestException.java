package dev.helix.auth;

import org.jspecify.annotations.Nullable;

/** A request to create or change a key is not acceptable; the message names the field and what is allowed. */
public final class InvalidKeyRequestException extends RuntimeException {
    private final boolean conflict;

    private InvalidKeyRequestException(@Nullable String message, boolean conflict) {
        super(message);
        this.conflict = conflict;
    }

    public static InvalidKeyRequestException invalid(@Nullable String message) {
        return new InvalidKeyRequestException(message, false);
    }

    /** The request is well-formed but clashes with the current state (e.g. revoking the last admin key). */
    public static InvalidKeyRequestException conflict(String message) {
        return new InvalidKeyRequestException(message, true);
    }

    public boolean isConflict() {
        return conflict;
    }
}
