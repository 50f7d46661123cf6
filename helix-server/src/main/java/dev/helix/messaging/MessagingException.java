package dev.helix.messaging;

/** A messaging call that cannot be served as asked; {@link Kind} says which way, the message says exactly how. */
public final class MessagingException extends RuntimeException {
    /** What went wrong. */
    public enum Kind {
        /** A field or parameter is missing or wrong: 400. */
        INVALID(400),
        /** The data is larger than {@code messaging.maxDataSize}: 413. */
        TOO_LARGE(413),
        /** No such agent or message: 404. */
        NOT_FOUND(404),
        /** The message is not in a state that allows it (e.g. acknowledging one not taken): 409. */
        CONFLICT(409),
        /** A request got no reply in time: 504. */
        TIMEOUT(504),
        /** An idempotency key was used again for another message: 422. */
        KEY_REUSED(422);

        private final int status;

        Kind(int status) {
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private final Kind kind;

    private MessagingException(Kind kind, String detail) {
        super(detail, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    static MessagingException invalid(String detail) {
        return new MessagingException(Kind.INVALID, detail);
    }

    static MessagingException tooLarge(String detail) {
        return new MessagingException(Kind.TOO_LARGE, detail);
    }

    static MessagingException notFound(String detail) {
        return new MessagingException(Kind.NOT_FOUND, detail);
    }

    static MessagingException conflict(String detail) {
        return new MessagingException(Kind.CONFLICT, detail);
    }

    static MessagingException keyReused(String detail) {
        return new MessagingException(Kind.KEY_REUSED, detail);
    }

    static MessagingException timeout(String detail) {
        return new MessagingException(Kind.TIMEOUT, detail);
    }
}
