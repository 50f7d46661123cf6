package dev.helix.http;

/**
 * Told about every request once it has been answered, on the request's own thread: what the performance monitor
 * records its per-route latency from. Features add observers with {@link Routes#observe(RequestObserver)}. An
 * observer must be quick (it runs on every request) and should not throw; if it does, the exception is dropped.
 */
@FunctionalInterface
public interface RequestObserver {
    /**
     * One answered request.
     *
     * @param method the HTTP method
     * @param route  the route template ({@code /api/v1/keys/{id}}), or {@code UNMATCHED} when no route matched
     * @param status the status code sent
     * @param nanos  how long serving it took, from the first filter to the end of the response
     */
    void served(String method, String route, int status, long nanos);
}
