package dev.helix.internal;

/** Helpers for turning exceptions into messages people can act on. */
public final class Errors {
    private Errors() {}

    /** The message of the innermost cause (e.g. "Connection refused"), or its class name if it has none. */
    public static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
