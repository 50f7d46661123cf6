package dev.helix.http;

import dev.helix.access.Principal;
import io.helidon.webserver.http.ServerRequest;

/**
 * What the HTTP layer knows about the request being served: its id, route template and caller, and what a streamed
 * answer counts for the access log.
 */
public final class Requests {
    static final String REQUEST_ID = "helix.request-id";
    static final String ROUTE = "helix.route";

    private Requests() {}

    /** The request id (from {@code X-Request-Id} or generated). */
    public static String id(ServerRequest req) {
        return req.context().get(REQUEST_ID, String.class).orElse("-");
    }

    /** The authenticated caller; throws if the route is public and no key was checked. */
    public static Principal principal(ServerRequest req) {
        return req.context()
                .get(Principal.class)
                .orElseThrow(() -> new IllegalStateException("route has no authenticated caller"));
    }

    /**
     * Starts counting what a streaming response sends (an SSE stream): the request's access-log line, written when it
     * ends, then gives the messages and bytes counted instead of the bytes the response wrote itself.
     */
    public static StreamTally tally(ServerRequest req) {
        StreamTally tally = new StreamTally();
        req.context().register(tally);
        return tally;
    }

    static String route(ServerRequest req) {
        return req.context().get(ROUTE, String.class).orElse("UNMATCHED");
    }
}
