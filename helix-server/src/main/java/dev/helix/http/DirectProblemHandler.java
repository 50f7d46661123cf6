package dev.helix.http;

import dev.helix.internal.Json;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;

/**
 * Answers requests Helidon rejects before routing (unparseable request line or headers, a declared body over the
 * limit) with a problem document too, so no client ever sees another error format.
 */
final class DirectProblemHandler implements DirectHandler {
    private final long maxBodySize;

    DirectProblemHandler(long maxBodySize) {
        this.maxBodySize = maxBodySize;
    }

    @Override
    public TransportResponse handle(
            TransportRequest request,
            EventType eventType,
            Status status,
            ServerResponseHeaders headers,
            String message) {
        String id = RequestIds.generate();
        Problem problem = (status.code() == 413
                        ? ProblemException.payloadTooLarge(maxBodySize).problem()
                        : status.code() >= 500
                                ? Problem.of(
                                        status.code(),
                                        "internal-error",
                                        "Internal server error",
                                        "the server failed to handle this request; quote request id " + id
                                                + " when reporting it")
                                : Problem.of(
                                        status.code(),
                                        "http-" + status.code(),
                                        status.reasonPhrase(),
                                        message == null || message.isBlank() ? status.reasonPhrase() : message))
                .forRequest(id);
        boolean openAi = request.path() != null && OpenAiErrors.applies(request.path());
        headers.set(HeaderNames.CONTENT_TYPE, openAi ? "application/json" : Problem.MEDIA_TYPE);
        headers.set(RequestFilter.X_REQUEST_ID, id);
        return TransportResponse.builder()
                .status(status)
                .headers(headers)
                .entity(Json.bytes(openAi ? OpenAiErrors.of(problem) : problem))
                .keepAlive(eventType.keepAlive())
                .build();
    }
}
