package dev.helix.http;

import io.helidon.webserver.CloseConnectionException;
import org.jspecify.annotations.Nullable;

/**
 * A request that ended while its body was being read, for a reason on the client's side: the client closed the
 * connection ({@value #CLIENT_CLOSED}), sent the body too slowly (408), or framed it wrongly (400). The connection
 * has answered or cannot answer, and is closed; routing passes this by (no error handler, no 500), and the request
 * filter records {@link #status()}.
 */
final class RequestEndedException extends CloseConnectionException {
    /** The status recorded for a request whose client went away before sending all of it (nginx's 499). */
    static final int CLIENT_CLOSED = 499;

    private final int status;

    RequestEndedException(int status, @Nullable String reason) {
        super(reason);
        this.status = status;
    }

    /** The client closed the connection in the middle of the body. */
    static RequestEndedException clientClosed() {
        return new RequestEndedException(
                CLIENT_CLOSED, "the client closed the connection before the request body " + "ended");
    }

    /** The status recorded in the access log and metrics. */
    int status() {
        return status;
    }
}
