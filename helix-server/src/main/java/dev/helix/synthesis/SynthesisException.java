package dev.helix.synthesis;

import java.util.Map;

/** A synthesis call that cannot be served as asked; {@link Kind} says which way, the message says exactly how. */
public final class SynthesisException extends RuntimeException {
    /** What went wrong. */
    public enum Kind {
        /** A parameter is wrong: 400. */
        INVALID,
        /** The caller may not do this at all (not a matter of which run): 403. */
        FORBIDDEN,
        /** No such run or conversation, as far as the caller may know: 404. */
        NOT_FOUND,
        /** The conversation has a run queued or running already: 409. */
        CONFLICT,
        /** Synthesis is turned off: 503. */
        DISABLED
    }

    private final Kind kind;
    private final Map<String, Object> details;

    private SynthesisException(Kind kind, String detail, Map<String, Object> details) {
        super(detail, null, false, false);
        this.kind = kind;
        this.details = Map.copyOf(details);
    }

    public Kind kind() {
        return kind;
    }

    /** Extra members for the problem document, e.g. the run already queued of a 409. */
    public Map<String, Object> details() {
        return details;
    }

    @Override
    public String getMessage() {
        return String.valueOf(super.getMessage());
    }

    static SynthesisException invalid(String detail) {
        return new SynthesisException(Kind.INVALID, detail, Map.of());
    }

    static SynthesisException forbidden(String detail) {
        return new SynthesisException(Kind.FORBIDDEN, detail, Map.of());
    }

    static SynthesisException notFound(String detail) {
        return new SynthesisException(Kind.NOT_FOUND, detail, Map.of());
    }

    static SynthesisException conflict(String detail, Map<String, Object> details) {
        return new SynthesisException(Kind.CONFLICT, detail, details);
    }

    static SynthesisException disabled(String detail) {
        return new SynthesisException(Kind.DISABLED, detail, Map.of());
    }
}
