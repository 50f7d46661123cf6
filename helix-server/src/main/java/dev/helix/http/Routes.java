package dev.helix.http;

import io.helidon.webserver.http.Handler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What features add to the HTTP API: routes (method + template + {@link RouteTraits} + handler) and how their
 * exceptions become problems. A route registered without traits needs an API key
 * ({@link RouteTraits#AUTHENTICATED}).
 */
public final class Routes {
    /**
     * One route.
     *
     * @param method   the HTTP method
     * @param template the path template, e.g. {@code /api/v1/keys/{id}}
     * @param traits   who may call it, how it is limited
     * @param handler  what answers it
     */
    public record Route(String method, String template, RouteTraits traits, Handler handler) {}

    private final List<Route> routes = new ArrayList<>();
    private final Map<String, Supplier<WsEndpoint>> websockets = new LinkedHashMap<>();
    private final List<ErrorMapping> errors = new ArrayList<>();
    private final List<Ordered> interceptors = new ArrayList<>();
    private final List<RequestObserver> observers = new ArrayList<>();

    private record Ordered(int order, RouteInterceptor interceptor) {}

    public Routes get(String template, Handler handler) {
        return get(template, RouteTraits.AUTHENTICATED, handler);
    }

    public Routes get(String template, RouteTraits traits, Handler handler) {
        return add("GET", template, traits, handler);
    }

    public Routes post(String template, Handler handler) {
        return post(template, RouteTraits.AUTHENTICATED, handler);
    }

    public Routes post(String template, RouteTraits traits, Handler handler) {
        return add("POST", template, traits, handler);
    }

    public Routes put(String template, Handler handler) {
        return put(template, RouteTraits.AUTHENTICATED, handler);
    }

    public Routes put(String template, RouteTraits traits, Handler handler) {
        return add("PUT", template, traits, handler);
    }

    public Routes patch(String template, Handler handler) {
        return patch(template, RouteTraits.AUTHENTICATED, handler);
    }

    public Routes patch(String template, RouteTraits traits, Handler handler) {
        return add("PATCH", template, traits, handler);
    }

    public Routes delete(String template, Handler handler) {
        return delete(template, RouteTraits.AUTHENTICATED, handler);
    }

    public Routes delete(String template, RouteTraits traits, Handler handler) {
        return add("DELETE", template, traits, handler);
    }

    /**
     * A WebSocket endpoint at {@code path}, with a new listener per connection. The listener checks the caller at
     * the upgrade; a refused upgrade falls through to the HTTP route of the same path, which should exist to answer
     * it (401, 426). An accepted session gets its access-log line when it ends.
     */
    public Routes websocket(String path, Supplier<WsEndpoint> listener) {
        websockets.put(path, listener);
        return this;
    }

    /**
     * Answers exceptions of {@code type} (thrown by any handler) with the problem {@code mapping} makes. Mappings
     * are tried in the order they were registered, all features together, and the first whose type matches wins:
     * register a subclass before its superclass.
     */
    public <T extends Throwable> Routes onError(Class<T> type, Function<? super T, Problem> mapping) {
        return onErrorWithHeaders(type, e -> MappedError.of(mapping.apply(e)));
    }

    /**
     * Answers exceptions of {@code type} with the problem and response headers {@code mapping} makes; tried in
     * registration order together with {@link #onError}'s, the first match winning.
     */
    public <T extends Throwable> Routes onErrorWithHeaders(Class<T> type, Function<? super T, MappedError> mapping) {
        errors.add(ErrorMapping.of(type, mapping));
        return this;
    }

    /**
     * Runs {@code interceptor} around every route (after the caller is admitted); lower {@code order}s run outside
     * higher ones (see the constants on {@link RouteInterceptor}).
     */
    public Routes intercept(int order, RouteInterceptor interceptor) {
        interceptors.add(new Ordered(order, interceptor));
        return this;
    }

    /** Tells {@code observer} about every request once it has been answered (matched or not). */
    public Routes observe(RequestObserver observer) {
        observers.add(observer);
        return this;
    }

    /** Whether {@code method template} has been registered so far. */
    public boolean has(String method, String template) {
        return routes.stream()
                .anyMatch(r -> r.method().equals(method) && r.template().equals(template));
    }

    /** The traits {@code method template} was registered with, if it has been registered so far. */
    public Optional<RouteTraits> traits(String method, String template) {
        return routes.stream()
                .filter(r -> r.method().equals(method) && r.template().equals(template))
                .map(Route::traits)
                .findFirst();
    }

    /** The templates registered so far for {@code method}, in registration order. */
    public List<String> templates(String method) {
        return routes.stream()
                .filter(r -> r.method().equals(method))
                .map(Route::template)
                .toList();
    }

    private Routes add(String method, String template, RouteTraits traits, Handler handler) {
        boolean clash = routes.stream()
                .anyMatch(r -> r.method().equals(method) && r.template().equals(template));
        if (clash) {
            throw new IllegalStateException("route " + method + " " + template + " is registered twice");
        }
        routes.add(new Route(method, template, traits, handler));
        return this;
    }

    Map<String, Supplier<WsEndpoint>> websockets() {
        return Map.copyOf(websockets);
    }

    List<Route> all() {
        return List.copyOf(routes);
    }

    /** The interceptors, outermost first. */
    List<RouteInterceptor> interceptors() {
        return interceptors.stream()
                .sorted(java.util.Comparator.comparingInt(Ordered::order))
                .map(Ordered::interceptor)
                .toList();
    }

    List<RequestObserver> observers() {
        return List.copyOf(observers);
    }

    /** The error mappings, in registration order. */
    List<ErrorMapping> errorMappings() {
        return List.copyOf(errors);
    }
}
