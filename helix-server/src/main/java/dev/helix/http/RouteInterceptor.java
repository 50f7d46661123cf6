package dev.helix.http;

import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * Runs around every route's handler once the caller has been admitted: rate limits, bulkheads, response caching.
 * Features add interceptors with {@link Routes#intercept(int, RouteInterceptor)}; lower orders run outside higher
 * ones. An interceptor either answers itself (or throws a {@link ProblemException}) or calls {@code next}.
 */
@FunctionalInterface
public interface RouteInterceptor {
    /**
     * Orders of Helix's own interceptors, outermost first. Read-only maintenance refuses writes before they count
     * against a rate limit.
     */
    int MAINTENANCE = 50;

    int RATE_LIMIT = 100;

    int BULKHEAD = 200;
    int RESPONSE_CACHE = 300;

    /**
     * The route being served.
     *
     * @param method   the HTTP method
     * @param template the path template
     * @param traits   what its feature declared about it
     */
    record Route(String method, String template, RouteTraits traits) {
        /** Who may call the route. */
        public Access access() {
            return traits.access();
        }

        /** Whether the route changes stored data ({@link RouteTraits#writesWith}). */
        public boolean writes() {
            return traits.writesWith(method);
        }
    }

    /** What comes next: the next interceptor or the route's handler. */
    @FunctionalInterface
    interface Next {
        void proceed(ServerRequest req, ServerResponse res) throws Exception;
    }

    void intercept(ServerRequest req, ServerResponse res, Route route, Next next) throws Exception;
}
