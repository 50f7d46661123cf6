package dev.helix.http;

import io.helidon.http.HttpException;
import io.helidon.http.RequestException;
import io.helidon.http.Status;
import io.helidon.webserver.http.ErrorHandler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns any exception a request raised into a problem document — the only place error bodies are made. A
 * {@link ProblemException} carries its own problem and headers; any other exception is answered by the first
 * feature mapping (in registration order) whose type it is an instance of; then Helidon's own request errors keep
 * their status. Unknown exceptions become a 500 that names the request id; their details go only to the log.
 */
final class ErrorMapper implements ErrorHandler<Throwable> {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);
    private final List<ErrorMapping> featureMappings;

    /** {@code featureMappings} in the order they are tried. */
    ErrorMapper(List<ErrorMapping> featureMappings) {
        this.featureMappings = List.copyOf(featureMappings);
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res, Throwable error) {
        String requestId = Requests.id(req);
        if (res.isSent()) {
            LOG.warn("request {} failed after its response was sent", requestId, error);
            return;
        }
        MappedError answer = answer(error, req);
        answer.headers().forEach(res::header);
        Responses.problem(req.path().rawPath(), res, answer.problem().forRequest(requestId));
    }

    private MappedError answer(Throwable error, ServerRequest req) {
        if (error instanceof ProblemException p) {
            return new MappedError(p.problem(), p.headers());
        }
        for (ErrorMapping mapping : featureMappings) {
            Optional<MappedError> answer = mapping.answer(error);
            if (answer.isPresent()) {
                return answer.get();
            }
        }
        Problem fromHelidon = fromHelidon(error, HttpServer.maxBodySize(req));
        if (fromHelidon != null) {
            return MappedError.of(fromHelidon);
        }
        String requestId = Requests.id(req);
        LOG.error("request {} failed", requestId, error);
        return MappedError.of(Problem.of(
                500,
                "internal-error",
                "Internal server error",
                "the server failed to handle this request; quote request id " + requestId + " when reporting it"));
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
