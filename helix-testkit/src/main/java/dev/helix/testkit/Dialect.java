package dev.helix.testkit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/** The API a route speaks, which decides the shape of its error bodies. */
enum Dialect {
    /** {@code {"error":{"message","type","param","code"}}}. */
    OPENAI {
        @Override
        ObjectNode errorBody(int status, @Nullable String message) {
            ObjectNode error = Json.object().put("message", message).put("type", openAiType(status));
            error.putNull("param");
            String code = openAiCode(status);
            if (code == null) {
                error.putNull("code");
            } else {
                error.put("code", code);
            }
            ObjectNode body = Json.object();
            body.set("error", error);
            return body;
        }
    },
    /** {@code {"type":"error","error":{"type","message"}}}. */
    ANTHROPIC {
        @Override
        ObjectNode errorBody(int status, @Nullable String message) {
            ObjectNode body = Json.object().put("type", "error");
            body.putObject("error").put("type", anthropicType(status)).put("message", message);
            return body;
        }
    },
    /** {@code {"error":{"code","message","status"}}}. */
    GEMINI {
        @Override
        ObjectNode errorBody(int status, @Nullable String message) {
            ObjectNode body = Json.object();
            body.putObject("error").put("code", status).put("message", message).put("status", googleStatus(status));
            return body;
        }
    };

    // a cache of error bodies, built once per status: its contents never change what the enum means
    @SuppressWarnings("ImmutableEnumChecker")
    private final Map<Integer, byte[]> scripted = new ConcurrentHashMap<>();

    abstract ObjectNode errorBody(int status, @Nullable String message);

    /** An error answer with {@code status} and {@code message} in this dialect's shape. */
    Reply error(int status, @Nullable String message) {
        return Reply.json(status, Json.bytes(errorBody(status, message)));
    }

    /** The body of a scripted status fault, built once per status. */
    byte[] scriptedError(int status) {
        return scripted.computeIfAbsent(
                status,
                s -> Json.bytes(errorBody(
                        s,
                        "The mock provider failed with HTTP " + s
                                + " as scripted (x-mock-status or a programmed fault).")));
    }

    private static String openAiType(int status) {
        return switch (status) {
            case 429 -> "requests";
            default -> status >= 500 ? "server_error" : "invalid_request_error";
        };
    }

    private static @Nullable String openAiCode(int status) {
        return switch (status) {
            case 401 -> "invalid_api_key";
            case 429 -> "rate_limit_exceeded";
            default -> null;
        };
    }

    private static String anthropicType(int status) {
        return switch (status) {
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 503, 529 -> "overloaded_error";
            default -> status >= 500 ? "api_error" : "invalid_request_error";
        };
    }

    private static String googleStatus(int status) {
        return switch (status) {
            case 400 -> "INVALID_ARGUMENT";
            case 401 -> "UNAUTHENTICATED";
            case 403 -> "PERMISSION_DENIED";
            case 404 -> "NOT_FOUND";
            case 409 -> "ABORTED";
            case 429 -> "RESOURCE_EXHAUSTED";
            case 499 -> "CANCELLED";
            case 501 -> "UNIMPLEMENTED";
            case 503 -> "UNAVAILABLE";
            case 504 -> "DEADLINE_EXCEEDED";
            default -> status >= 500 ? "INTERNAL" : "FAILED_PRECONDITION";
        };
    }
}
