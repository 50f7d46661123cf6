package dev.helix.http;

import dev.helix.internal.Json;
import io.helidon.http.DateTime;
import io.helidon.http.Status;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The bytes of an error answer that a connection writes on its own, outside routing (a request it cannot frame, or
 * one that did not arrive in time): a problem document, or the OpenAI error shape under {@code /v1/}, with
 * {@code Connection: close}, since the connection is closed after it.
 */
final class RawAnswer {
    private RawAnswer() {}

    /** The whole HTTP/1.1 response: a {@code status} problem with {@code detail} for a request to {@code target}. */
    static byte[] problem(int status, @Nullable String detail, String target, String requestId) {
        Problem problem =
                Problem.of(status, slug(status), title(status), detail).forRequest(requestId);
        boolean openAi = OpenAiErrors.applies(path(target));
        byte[] body = Json.bytes(openAi ? OpenAiErrors.of(problem) : problem);
        String head = "HTTP/1.1 " + status + " " + Status.create(status).reasonPhrase() + "\r\n"
                + "Date: " + DateTime.rfc1123String() + "\r\n"
                + "Content-Type: " + (openAi ? "application/json" : Problem.MEDIA_TYPE) + "\r\n"
                + "Content-Length: " + body.length + "\r\n"
                + "Connection: close\r\n"
                + RequestFilter.X_REQUEST_ID.defaultCase() + ": " + requestId + "\r\n\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        byte[] out = Arrays.copyOf(headBytes, headBytes.length + body.length);
        System.arraycopy(body, 0, out, headBytes.length, body.length);
        return out;
    }

    private static String slug(int status) {
        return switch (status) {
            case 400 -> "invalid-framing";
            case 408 -> "request-timeout";
            case 431 -> "header-fields-too-large";
            case 501 -> "not-implemented";
            default -> "http-" + status;
        };
    }

    private static String title(int status) {
        return switch (status) {
            case 400 -> "Invalid request framing";
            case 408 -> "Request timeout";
            case 431 -> "Request header fields too large";
            case 501 -> "Not implemented";
            default -> Status.create(status).reasonPhrase();
        };
    }

    private static String path(String target) {
        int query = target.indexOf('?');
        return query < 0 ? target : target.substring(0, query);
    }
}
