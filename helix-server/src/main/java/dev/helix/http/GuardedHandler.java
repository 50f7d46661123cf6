package dev.helix.http;

import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;

/**
 * Wraps a route's handler: records its template for metrics, admits the caller through the {@link Guard}, then runs
 * the features' {@link RouteInterceptor}s around the handler, which write to an {@link EdgeResponse} (compression).
 */
final class GuardedHandler implements Handler {
    private final Routes.Route route;
    private final Guard guard;
    private final RouteInterceptor.Next chain;
    private final Compression compression;

    GuardedHandler(Routes.Route route, Guard guard, List<RouteInterceptor> interceptors, Compression compression) {
        this.route = route;
        this.compression = compression;
        this.guard = guard;
        this.chain = chain(
                new RouteInterceptor.Route(route.method(), route.template(), route.traits()),
                interceptors,
                route.handler());
    }

    private static RouteInterceptor.Next chain(
            RouteInterceptor.Route route, List<RouteInterceptor> interceptors, Handler handler) {
        RouteInterceptor.Next next = handler::handle;
        for (int i = interceptors.size() - 1; i >= 0; i--) {
            RouteInterceptor interceptor = interceptors.get(i);
            RouteInterceptor.Next inner = next;
            next = (req, res) -> interceptor.intercept(req, res, route, inner);
        }
        return next;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) throws Exception {
        req.context().register(Requests.ROUTE, route.template());
        RouteTraits traits = route.traits();
        if (traits.access() != Access.PUBLIC) {
            req.context().register(guard.admit(req, route, traits.access(), traits.queryToken()));
        }
        chain.proceed(req, new EdgeResponse(req, res, compression));
    }
}
