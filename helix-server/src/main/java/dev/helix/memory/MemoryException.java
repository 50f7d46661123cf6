package dev.helix.memory;

/** A memory call that cannot be served as asked; {@link Kind} says which way, the message says exactly how. */
public final class MemoryException extends RuntimeException {
    /** What went wrong. */
    public enum Kind {
        /** A field or parameter is missing or wrong: 400. */
        INVALID(400),
        /** The caller may not do this at all (not a matter of which memory): 403. */
        FORBIDDEN(403),
        /** No such memory, as far as the caller may know: 404. */
        NOT_FOUND(404),
        /** Another request changed the memory while this one did: 409. */
        CONFLICT(409),
        /** The memory is not at the version the caller said it changes ({@code If-Match}): 412. */
        STALE(412),
        /** A text or profile is larger than allowed: 413. */
        TOO_LARGE(413);

        private final int status;

        Kind(int status) {
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private final Kind kind;

    private MemoryException(Kind kind, String detail) {
        super(detail, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    @Override
    public String getMessage() {
        return String.valueOf(super.getMessage());
    }

    static MemoryException invalid(String detail) {
        return new MemoryException(Kind.INVALID, detail);
    }

    static MemoryException forbidden(String detail) {
        return new MemoryException(Kind.FORBIDDEN, detail);
    }

    static MemoryException notFound(String detail) {
        return new MemoryException(Kind.NOT_FOUND, detail);
    }

    static MemoryException conflict(String detail) {
        return new MemoryException(Kind.CONFLICT, detail);
    }

    static MemoryException stale(String detail) {
        return new MemoryException(Kind.STALE, detail);
    }

    static MemoryException tooLarge(String detail) {
        return new MemoryException(Kind.TOO_LARGE, detail);
    }
}
