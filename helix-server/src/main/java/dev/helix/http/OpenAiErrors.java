package dev.helix.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The OpenAI error shape, {@code {"error":{"message","type","code","param"}}}, which every response under
 * {@code /v1/} uses instead of a problem document so OpenAI SDKs understand Helix's errors. The problem's detail is
 * the message, its kind the code; extensions {@value #TYPE} and {@value #PARAM} set the type and the parameter,
 * other extensions (limits, reset times) are added to the error object.
 */
public final class OpenAiErrors {
    /** Problem extension naming the OpenAI error type (otherwise derived from the status). */
    public static final String TYPE = "errorType";
    /** Problem extension naming the request parameter at fault. */
    public static final String PARAM = "param";
    /** Routes under this prefix answer errors in the OpenAI shape. */
    public static final String PREFIX = "/v1/";

    private static final String SLUG_PREFIX = "urn:helix:problem:";

    private OpenAiErrors() {}

    /** Whether requests to {@code path} get OpenAI-shaped errors. */
    public static boolean applies(String path) {
        return path.startsWith(PREFIX);
    }

    /** The OpenAI error document for {@code problem}. */
    public static Map<String, Object> of(Problem problem) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", problem.detail());
        error.put("type", problem.extensions().getOrDefault(TYPE, typeFor(problem.status())));
        error.put(
                "code",
                problem.type().startsWith(SLUG_PREFIX)
                        ? problem.type().substring(SLUG_PREFIX.length()).replace('-', '_')
                        : problem.type());
        error.put("param", problem.extensions().get(PARAM));
        problem.extensions().forEach((k, v) -> {
            if (!k.equals(TYPE) && !k.equals(PARAM)) {
                error.put(k, v);
            }
        });
        if (problem.instance() != null) {
            error.put("request_id", problem.instance());
        }
        return Map.of("error", error);
    }

    static String typeFor(int status) {
        return switch (status) {
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 429 -> "rate_limit_error";
            default -> status >= 500 ? "server_error" : "invalid_request_error";
        };
    }
}
