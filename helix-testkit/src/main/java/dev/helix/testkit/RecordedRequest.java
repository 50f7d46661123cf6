package dev.helix.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One request the {@link MockLlmServer} received, as tests see it afterwards.
 *
 * @param method  the HTTP method, e.g. {@code POST}
 * @param path    the path without the query, e.g. {@code /v1/chat/completions}
 * @param query   the raw query string without {@code ?}, empty when there is none
 * @param headers every header by lower-cased name; repeated headers are joined with {@code ", "}
 * @param body    the body parsed as JSON, or {@link MissingNode} when it is empty or not JSON
 * @param rawBody the body as UTF-8 text, empty when there is none
 */
public record RecordedRequest(
        String method, String path, String query, Map<String, String> headers, JsonNode body, String rawBody) {

    /** Copies the headers so the record cannot change afterwards. */
    public RecordedRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        query = query == null ? "" : query;
        headers = Map.copyOf(headers);
        body = body == null ? MissingNode.getInstance() : body;
        rawBody = rawBody == null ? "" : rawBody;
    }

    /** The value of header {@code name} (any case), or {@code null} when the request did not have it. */
    public @Nullable String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** Whether the body was a JSON document. */
    public boolean hasJsonBody() {
        return !body.isMissingNode();
    }
}
