package dev.helix.http;

import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** Wraps a route's handler: records its template for metrics, then admits the caller through the {@link Guard}. */
final class GuardedHandler implements Handler {
    private final Routes.Route route;
    private final Access access;
    private final Guard guard;
    private final boolean queryToken;

    GuardedHandler(Routes.Route route, Access access, Guard guard, boolean queryToken) {
        this.route = route;
        this.access = access;
        this.guard = guard;
        this.queryToken = queryToken;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) throws Exception {
        req.context().register(Requests.ROUTE, route.template());
        if (access != Access.PUBLIC) {
            req.context().register(guard.admit(req, route, access, queryToken));
        }
        route.handler().handle(req, res);
    }
}
