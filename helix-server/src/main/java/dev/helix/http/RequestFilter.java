package dev.helix.http;

import dev.helix.auth.Principal;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import org.slf4j.MDC;

/**
 * Runs around every request: gives it an id ({@code X-Request-Id}, honoured or made), puts the id in the log
 * context, and afterwards writes the access-log line and the request metric.
 */
final class RequestFilter implements Filter {
    static final HeaderName X_REQUEST_ID = HeaderNames.create("X-Request-Id");
    static final String MDC_KEY = "request_id";
    static final String MAX_BODY = "helix.max-body";

    private final HttpMetrics metrics;
    private final AccessLog accessLog;
    private final Long maxBodySize;

    RequestFilter(HttpMetrics metrics, AccessLog accessLog, long maxBodySize) {
        this.metrics = metrics;
        this.accessLog = accessLog;
        this.maxBodySize = maxBodySize;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        long start = System.nanoTime();
        String id = RequestIds.accept(req.headers().first(X_REQUEST_ID).orElse(null));
        req.context().register(Requests.REQUEST_ID, id);
        req.context().register(MAX_BODY, maxBodySize);
        res.header(X_REQUEST_ID, id);
        MDC.put(MDC_KEY, id);
        try {
            chain.proceed();
        } finally {
            long nanos = System.nanoTime() - start;
            int status = res.status().code();
            String method = req.prologue().method().text();
            metrics.record(method, Requests.route(req), status, nanos);
            String caller = req.context().get(Principal.class).map(Principal::keyId).orElse("-");
            accessLog.log(method, req.path().rawPath(), req.query().rawValue(), status, nanos, res.bytesWritten(),
                    caller);
            MDC.remove(MDC_KEY);
        }
    }
}
