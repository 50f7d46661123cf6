package dev.helix.http;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Ends a request with a problem document and, optionally, response headers ({@code Allow},
 * {@code WWW-Authenticate}, {@code Retry-After}). Thrown by the HTTP layer and by handlers.
 */
public final class ProblemException extends RuntimeException {
    private final transient Problem problem;
    private final Map<String, String> headers;

    public ProblemException(Problem problem) {
        this(problem, Map.of());
    }

    public ProblemException(Problem problem, Map<String, String> headers) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
        this.headers = Map.copyOf(new LinkedHashMap<>(headers));
    }

    public Problem problem() {
        return problem;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public static ProblemException badRequest(@Nullable String detail) {
        return new ProblemException(Problem.of(400, "bad-request", "Bad request", detail));
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(Problem.of(404, "not-found", "Not found", detail));
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(Problem.of(409, "conflict", "Conflict", detail));
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(Problem.of(403, "forbidden", "Forbidden", detail));
    }

    public static ProblemException unauthorized(String detail, String wwwAuthenticate) {
        return new ProblemException(
                Problem.of(401, "unauthorized", "Unauthorized", detail), Map.of("WWW-Authenticate", wwwAuthenticate));
    }

    public static ProblemException payloadTooLarge(long limit) {
        return new ProblemException(Problem.of(
                413,
                "payload-too-large",
                "Payload too large",
                "the request body is larger than the limit of " + limit + " bytes (server.maxBodySize)"));
    }

    public static ProblemException unsupportedMediaType(String detail) {
        return new ProblemException(Problem.of(415, "unsupported-media-type", "Unsupported media type", detail));
    }
}
