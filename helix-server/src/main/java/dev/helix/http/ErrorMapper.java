package dev.helix.http;

import io.helidon.http.HttpException;
import io.helidon.http.RequestException;
import io.helidon.http.Status;
import io.helidon.webserver.http.ErrorHandler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns any exception a request raised into a problem document — the only place error bodies are made. Unknown
 * exceptions become a 500 that names the request id; their details go only to the log.
 */
final class ErrorMapper implements ErrorHandler<Throwable> {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);
    private final Map<Class<? extends Throwable>, Function<Throwable, Problem>> featureMappings;

    ErrorMapper(Map<Class<? extends Throwable>, Function<Throwable, Problem>> featureMappings) {
        this.featureMappings = featureMappings;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res, Throwable error) {
        String requestId = Requests.id(req);
        if (res.isSent()) {
            LOG.warn("request {} failed after its response was sent", requestId, error);
            return;
        }
        Problem problem = toProblem(error, req).forRequest(requestId);
        if (error instanceof ProblemException p) {
            p.headers().forEach(res::header);
        }
        Responses.problem(req.path().rawPath(), res, problem);
    }

    private Problem toProblem(Throwable error, ServerRequest req) {
        String requestId = Requests.id(req);
        if (error instanceof ProblemException p) {
            return p.problem();
        }
        for (Map.Entry<Class<? extends Throwable>, Function<Throwable, Problem>> m : featureMappings.entrySet()) {
            if (m.getKey().isInstance(error)) {
                return m.getValue().apply(error);
            }
        }
        Problem fromHelidon = fromHelidon(error, HttpServer.maxBodySize(req));
        if (fromHelidon != null) {
            return fromHelidon;
        }
        LOG.error("request {} failed", requestId, error);
        return Problem.of(
                500,
                "internal-error",
                "Internal server error",
                "the server failed to handle this request; quote request id " + requestId + " when reporting it");
    }

    private static @Nullable Problem fromHelidon(Throwable error, long maxBodySize) {
        Status status =
                error instanceof HttpException h ? h.status() : error instanceof RequestException r ? r.status() : null;
        if (status == null || status.code() >= 500) {
            return null;
        }
        if (status.code() == 413) {
            return ProblemException.payloadTooLarge(maxBodySize).problem();
        }
        return Problem.of(status.code(), "http-" + status.code(), status.reasonPhrase(), error.getMessage());
    }
}
