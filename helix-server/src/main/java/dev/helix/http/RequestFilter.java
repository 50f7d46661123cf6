package dev.helix.http;

import dev.helix.access.Principal;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs around every request: gives it an id ({@code X-Request-Id}, honoured or made), puts the id in the log
 * context, refuses a target no route means ({@link RequestTarget}), and afterwards writes the access-log line and the
 * request metric and tells the {@link RequestObserver}s. On HTTP/1.1 it also tells the connection's {@link WireGuard} the request id and when
 * the request has been answered.
 */
final class RequestFilter implements Filter {
    static final HeaderName X_REQUEST_ID = HeaderNames.create("X-Request-Id");
    static final String MDC_KEY = "request_id";
    static final String MAX_BODY = "helix.max-body";
    private static final Logger LOG = LoggerFactory.getLogger(RequestFilter.class);

    private final HttpMetrics metrics;
    private final AccessLog accessLog;
    private final Long maxBodySize;
    private final RequestObserver[] observers;
    private volatile boolean observerFailed;

    RequestFilter(HttpMetrics metrics, AccessLog accessLog, long maxBodySize, List<RequestObserver> observers) {
        this.metrics = metrics;
        this.accessLog = accessLog;
        this.maxBodySize = maxBodySize;
        this.observers = observers.toArray(RequestObserver[]::new);
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        long start = System.nanoTime();
        String id = RequestIds.accept(req.headers().first(X_REQUEST_ID).orElse(null));
        req.context().register(Requests.REQUEST_ID, id);
        req.context().register(MAX_BODY, maxBodySize);
        res.header(X_REQUEST_ID, id);
        MDC.put(MDC_KEY, id);
        WireGuard wire = WireGuard.current();
        if (wire != null) {
            wire.requestId(id);
        }
        RequestEndedException ended = null;
        try {
            String refused = RequestTarget.problem(req.prologue());
            if (refused == null) {
                chain.proceed();
            } else {
                Responses.problem(
                        req.path().rawPath(),
                        res,
                        ProblemException.badRequest(refused).problem().forRequest(id));
            }
        } catch (RequestEndedException e) {
            ended = e;
            throw e;
        } finally {
            finish(req, res, System.nanoTime() - start, ended);
            if (wire != null && ended == null) {
                wire.answered(res.headers().contains(HeaderValues.CONNECTION_CLOSE));
            }
            MDC.remove(MDC_KEY);
        }
    }

    /**
     * Records the request in the metrics and the access log, and tells the observers; a request the client ended
     * ({@code ended}: gone, too slow, badly framed) is recorded with its status but not observed, since its time
     * was the client's.
     */
    private void finish(RoutingRequest req, RoutingResponse res, long nanos, @Nullable RequestEndedException ended) {
        int status = ended != null ? ended.status() : res.status().code();
        String method = req.prologue().method().text();
        String route = Requests.route(req);
        metrics.record(method, route, status, nanos);
        if (ended == null) {
            observe(method, route, status, nanos);
        } else {
            LOG.debug("request ended early: {}", ended.getMessage());
        }
        logAccess(req, res, method, status, nanos);
    }

    /** The access-log line; a response streamed through a {@link StreamTally} is logged with what it counted. */
    private void logAccess(RoutingRequest req, RoutingResponse res, String method, int status, long nanos) {
        String caller = req.context().get(Principal.class).map(Principal::keyId).orElse("-");
        StreamTally tally = req.context().get(StreamTally.class).orElse(null);
        if (tally == null) {
            accessLog.log(
                    method, req.path().rawPath(), req.query().rawValue(), status, nanos, res.bytesWritten(), caller);
        } else {
            accessLog.stream(method, req.path().rawPath(), req.query().rawValue(), status, nanos, caller, tally, false);
        }
    }

    private void observe(String method, String route, int status, long nanos) {
        for (RequestObserver observer : observers) {
            try {
                observer.served(method, route, status, nanos);
            } catch (RuntimeException e) {
                if (!observerFailed) {
                    observerFailed = true;
                    LOG.warn(
                            "request observer {} failed (later failures are not logged)",
                            observer.getClass().getName(),
                            e);
                }
            }
        }
    }
}
