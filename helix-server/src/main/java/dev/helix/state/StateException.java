package dev.helix.state;

/** Why a read or write of the shared state was refused; the HTTP layer maps each {@link Kind} to a status. */
public final class StateException extends RuntimeException {
    /** What went wrong. */
    public enum Kind {
        /** The document, patch or path is not acceptable (400). */
        INVALID,
        /** No such path or version (404). */
        NOT_FOUND,
        /** The caller's version is not the current one (412). */
        STALE_VERSION
    }

    private final Kind kind;
    private final long currentVersion;

    private StateException(Kind kind, String message, long currentVersion) {
        super(message);
        this.kind = kind;
        this.currentVersion = currentVersion;
    }

    static StateException invalid(String message) {
        return new StateException(Kind.INVALID, message, -1);
    }

    static StateException notFound(String message) {
        return new StateException(Kind.NOT_FOUND, message, -1);
    }

    static StateException stale(long expected, long current) {
        return new StateException(
                Kind.STALE_VERSION,
                "the state is at version " + current + ", not " + expected + "; read it again (its ETag is \"" + current
                        + "\") and retry",
                current);
    }

    public Kind kind() {
        return kind;
    }

    /** The version the state is at, for {@link Kind#STALE_VERSION}; -1 otherwise. */
    public long currentVersion() {
        return currentVersion;
    }
}
