package dev.helix.conversations;

import java.util.Map;

/**
 * A conversations call that cannot be served as asked; {@link Kind} says which way, the message says exactly how.
 */
public final class ConversationException extends RuntimeException {
    /** What went wrong. */
    public enum Kind {
        /** A field or parameter is missing or wrong: 400. */
        INVALID(400),
        /** The caller may not do this at all (not a matter of which conversation): 403. */
        FORBIDDEN(403),
        /** No such conversation or message, as far as the caller may know: 404. */
        NOT_FOUND(404),
        /** The conversation is busy (an answer is being written): 409. */
        CONFLICT(409),
        /** A part, the metadata or a title is larger than allowed: 413. */
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
    private final Map<String, Object> details;

    private ConversationException(Kind kind, String detail, Map<String, Object> details) {
        super(detail, null, false, false);
        this.kind = kind;
        this.details = Map.copyOf(details);
    }

    public Kind kind() {
        return kind;
    }

    /** Extra members for the problem document, e.g. the answer in progress of a 409. */
    public Map<String, Object> details() {
        return details;
    }

    @Override
    public String getMessage() {
        return String.valueOf(super.getMessage());
    }

    static ConversationException invalid(String detail) {
        return new ConversationException(Kind.INVALID, detail, Map.of());
    }

    static ConversationException forbidden(String detail) {
        return new ConversationException(Kind.FORBIDDEN, detail, Map.of());
    }

    static ConversationException notFound(String detail) {
        return new ConversationException(Kind.NOT_FOUND, detail, Map.of());
    }

    static ConversationException conflict(String detail, Map<String, Object> details) {
        return new ConversationException(Kind.CONFLICT, detail, details);
    }

    static ConversationException tooLarge(String detail) {
        return new ConversationException(Kind.TOO_LARGE, detail, Map.of());
    }
}
