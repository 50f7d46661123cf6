package dev.helix.http;

import dev.helix.internal.Json;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;

/** Writes JSON and problem bodies. */
public final class Responses {
    private static final String JSON = "application/json";

    private Responses() {}

    /** Sends {@code body} as JSON with {@code status}. */
    public static void json(ServerResponse res, int status, Object body) {
        byte[] bytes = Json.bytes(body);
        res.status(Status.create(status));
        res.header(HeaderNames.CONTENT_TYPE, JSON);
        res.send(bytes);
    }

    /** Sends {@code body} as JSON with 200. */
    public static void ok(ServerResponse res, Object body) {
        json(res, 200, body);
    }

    /**
     * Sends a problem document, with the request id as its instance; under {@code /v1/} the same error in OpenAI's
     * shape instead.
     */
    static void problem(String path, ServerResponse res, Problem problem) {
        res.status(Status.create(problem.status()));
        if (OpenAiErrors.applies(path)) {
            res.header(HeaderNames.CONTENT_TYPE, JSON);
            res.send(Json.bytes(OpenAiErrors.of(problem)));
            return;
        }
        res.header(HeaderNames.CONTENT_TYPE, Problem.MEDIA_TYPE);
        res.send(Json.bytes(problem));
    }
}
