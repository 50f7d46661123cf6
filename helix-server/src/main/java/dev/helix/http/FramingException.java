package dev.helix.http;

/**
 * A request whose framing (RFC 9112: request line, header block, {@code Content-Length}, chunks) cannot be read
 * unambiguously. The connection answers it with {@link #status()} and closes, since where the next request would
 * start is unknown.
 */
final class FramingException extends RuntimeException {
    private final int status;

    FramingException(int status, String detail) {
        super(detail, null, false, false);
        this.status = status;
    }

    static FramingException badRequest(String detail) {
        return new FramingException(400, detail);
    }

    int status() {
        return status;
    }
}
