package dev.helix.gateway;

import dev.helix.http.OpenAiErrors;
import dev.helix.http.Problem;
import dev.helix.http.ProblemException;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The errors the gateway answers with, in the shape OpenAI clients expect (rendered by the HTTP layer). */
final class GatewayErrors {
    private GatewayErrors() {}

    /** 400: the request is invalid at {@code param}. */
    static ProblemException invalid(String param, String message) {
        return new ProblemException(
                Problem.of(400, "invalid-request", "Invalid request", message).with(OpenAiErrors.PARAM, param));
    }

    /** 404: no such model; the message lists the models there are. */
    static ProblemException unknownModel(String model, Iterable<String> known) {
        String list = String.join(", ", known);
        return new ProblemException(Problem.of(
                        404,
                        "model-not-found",
                        "Model not found",
                        "the model '" + model
                                + "' does not exist; available models: "
                                + (list.isEmpty() ? "none (configure gateway.models)" : list))
                .with(OpenAiErrors.PARAM, "model")
                .with(OpenAiErrors.TYPE, "invalid_request_error"));
    }

    /** Problem member: how many upstream calls a failed request made. */
    private static final String ATTEMPTS = "attempts";
    /** Problem member: how many of them failed after the provider had started a success answer (when any did). */
    private static final String FAILED_ANSWERS = "failedAnswers";

    /**
     * A request no deployment answered, with the status it deserves ({@code 4xx} the client caused, {@code 429}
     * with {@code Retry-After}, or {@code 5xx}), saying how many upstream calls were made and how many answers
     * failed after they started.
     */
    static ProblemException upstream(FailoverException e) {
        String code = switch (e.kind()) {
            case REJECTED -> "upstream-rejected";
            case RATE_LIMITED -> "upstream-rate-limited";
            case INTERRUPTED -> "interrupted";
            case TIMED_OUT, UNAVAILABLE, FAILED -> "upstream-failed";
        };
        Map<String, String> headers = switch (e.kind()) {
            case RATE_LIMITED ->
                Map.of("Retry-After", Long.toString(e.retryAfter().toSeconds()));
            case UNAVAILABLE -> Map.of("Retry-After", "1");
            case REJECTED, TIMED_OUT, FAILED, INTERRUPTED -> Map.of();
        };
        return upstream(e.status(), code, e.getMessage(), e.attempts(), e.failedAnswers(), headers);
    }

    private static ProblemException upstream(
            int status,
            String code,
            @Nullable String message,
            int attempts,
            int failedAnswers,
            Map<String, String> headers) {
        Problem problem = Problem.of(status, code, "Upstream error", message).with(ATTEMPTS, attempts);
        if (failedAnswers > 0) {
            problem = problem.with(FAILED_ANSWERS, failedAnswers);
        }
        if (status < 500 && status != 429) {
            problem = problem.with(OpenAiErrors.TYPE, "invalid_request_error");
        }
        return new ProblemException(problem, headers);
    }
}
