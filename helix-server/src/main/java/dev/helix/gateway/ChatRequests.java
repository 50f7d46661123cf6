package dev.helix.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.helix.gateway.routing.RequestNeeds;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Checks a {@code /v1/chat/completions} body before anything is sent upstream, so a malformed request costs
 * nothing and gets a 400 naming the parameter; and works out what the request needs from a deployment.
 */
final class ChatRequests {
    static final int MAX_MESSAGES = 10_000;
    static final int MAX_TOOLS = 128;
    /**
     * What a request without {@code max_tokens} or {@code max_completion_tokens} is assumed to produce per choice when
     * it is admitted against a key's tokens per minute; the real count replaces the estimate when it is known.
     */
    static final long UNBOUNDED_OUTPUT_ESTIMATE = 1_000;

    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool", "function");
    private static final Pattern TOOL_NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");

    private ChatRequests() {}

    /** Throws a 400 naming the first problem in {@code body}. */
    static void validate(ObjectNode body) {
        requireText(body, "model");
        JsonNode messages = body.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw GatewayErrors.invalid("messages", "'messages' is required: a non-empty array of messages");
        }
        if (messages.size() > MAX_MESSAGES) {
            throw GatewayErrors.invalid(
                    "messages", "'messages' has " + messages.size() + " entries; at most " + MAX_MESSAGES);
        }
        for (int i = 0; i < messages.size(); i++) {
            message(messages.get(i), "messages[" + i + "]");
        }
        optional(body, "stream", JsonNode::isBoolean, "a boolean");
        optional(
                body, "n", n -> n.isIntegralNumber() && n.asInt() >= 1 && n.asInt() <= 128, "an integer from 1 to 128");
        optional(
                body,
                "temperature",
                t -> t.isNumber() && t.asDouble() >= 0 && t.asDouble() <= 2,
                "a number from 0 to 2");
        optional(body, "max_tokens", t -> t.isIntegralNumber() && t.asLong() >= 1, "a positive integer");
        optional(body, "max_completion_tokens", t -> t.isIntegralNumber() && t.asLong() >= 1, "a positive integer");
        optional(body, "stream_options", JsonNode::isObject, "an object");
        Set<String> tools = tools(body.get("tools"));
        toolChoice(body.get("tool_choice"), tools);
        responseFormat(body.get("response_format"));
    }

    /**
     * The tokens {@code body} (already validated) is charged at admission against its key's tokens per minute: the
     * prompt estimate (a token per 4 bytes of the body) plus, for each of its {@code n} choices, the most output it
     * allows, at most {@link #UNBOUNDED_OUTPUT_ESTIMATE}. So bounding the output never makes a request need more
     * than the same request without a bound.
     */
    static long admissionTokens(ObjectNode body, int bodyBytes) {
        long maxOut = maxOutput(body);
        long perChoice = maxOut > 0 ? Math.min(maxOut, UNBOUNDED_OUTPUT_ESTIMATE) : UNBOUNDED_OUTPUT_ESTIMATE;
        return bodyBytes / 4 + Math.max(1, whole(body, "n")) * perChoice;
    }

    /** What {@code body} (already validated) needs from a deployment. */
    static RequestNeeds needs(ObjectNode body, int bodyBytes) {
        JsonNode tools = body.get("tools");
        boolean usesTools = tools != null
                && tools.isArray()
                && !tools.isEmpty()
                && !"none".equals(body.path("tool_choice").asText());
        String format = body.path("response_format").path("type").asText("");
        long maxOut = maxOutput(body);
        return new RequestNeeds(
                usesTools,
                hasImages(body.get("messages")),
                format.equals("json_object") || format.equals("json_schema"),
                bodyBytes / 4 + maxOut);
    }

    /** {@code max_completion_tokens}, else {@code max_tokens}, else 0 (no bound). */
    private static long maxOutput(ObjectNode body) {
        long max = whole(body, "max_completion_tokens");
        return max > 0 ? max : whole(body, "max_tokens");
    }

    /** The whole number in {@code field}, or 0 if it is absent or null. */
    private static long whole(ObjectNode body, String field) {
        JsonNode v = body.path(field);
        return v.isIntegralNumber() ? v.asLong() : 0;
    }

    private static void message(JsonNode m, String at) {
        if (!m.isObject()) {
            throw GatewayErrors.invalid(at, at + " must be an object with 'role' and 'content'");
        }
        String role = m.path("role").asText("");
        if (!ROLES.contains(role)) {
            throw GatewayErrors.invalid(
                    at + ".role",
                    at + ".role is '" + m.path("role").asText("") + "'; expected "
                            + "system, developer, user, assistant or tool");
        }
        JsonNode content = m.get("content");
        boolean toolCalls =
                m.path("tool_calls").isArray() && !m.path("tool_calls").isEmpty();
        boolean contentOk = (content != null && (content.isTextual() || content.isArray()))
                || ((content == null || content.isNull()) && role.equals("assistant") && toolCalls);
        if (!contentOk) {
            throw GatewayErrors.invalid(
                    at + ".content",
                    at + ".content must be a string or an array of content " + "parts"
                            + (role.equals("assistant") ? " (or null when tool_calls is given)" : ""));
        }
        if (role.equals("tool") && !m.path("tool_call_id").isTextual()) {
            throw GatewayErrors.invalid(at + ".tool_call_id", at + " has role 'tool' but no 'tool_call_id'");
        }
    }

    private static Set<String> tools(@Nullable JsonNode tools) {
        Set<String> names = new HashSet<>();
        if (tools == null || tools.isNull()) {
            return names;
        }
        if (!tools.isArray() || tools.size() > MAX_TOOLS) {
            throw GatewayErrors.invalid("tools", "'tools' must be an array of at most " + MAX_TOOLS + " tools");
        }
        for (int i = 0; i < tools.size(); i++) {
            String at = "tools[" + i + "]";
            JsonNode tool = tools.get(i);
            if (!"function".equals(tool.path("type").asText())
                    || !tool.path("function").isObject()) {
                throw GatewayErrors.invalid(at, at + " must be {\"type\":\"function\",\"function\":{...}}");
            }
            JsonNode fn = tool.get("function");
            String name = fn.path("name").asText("");
            if (!TOOL_NAME.matcher(name).matches()) {
                throw GatewayErrors.invalid(
                        at + ".function.name",
                        at + ".function.name is '" + name + "'; expected 1 to 64 letters, digits, '_' or '-'");
            }
            JsonNode params = fn.get("parameters");
            if (params != null
                    && !params.isNull()
                    && !(params.isObject()
                            && (!params.has("type")
                                    || "object".equals(params.path("type").asText())))) {
                throw GatewayErrors.invalid(
                        at + ".function.parameters",
                        at + ".function.parameters must be a JSON " + "Schema object with \"type\": \"object\"");
            }
            if (!names.add(name)) {
                throw GatewayErrors.invalid(at + ".function.name", "tool '" + name + "' is declared twice");
            }
        }
        return names;
    }

    private static void toolChoice(@Nullable JsonNode choice, Set<String> tools) {
        if (choice == null || choice.isNull()) {
            return;
        }
        if (choice.isTextual() && Set.of("none", "auto", "required").contains(choice.asText())) {
            return;
        }
        String name = choice.path("function").path("name").asText(null);
        if (!choice.isObject() || name == null) {
            throw GatewayErrors.invalid(
                    "tool_choice",
                    "'tool_choice' must be none, auto, required or "
                            + "{\"type\":\"function\",\"function\":{\"name\":...}}");
        }
        if (!tools.contains(name)) {
            throw GatewayErrors.invalid(
                    "tool_choice", "'tool_choice' names tool '" + name + "', which is not in 'tools'");
        }
    }

    private static void responseFormat(@Nullable JsonNode format) {
        if (format == null || format.isNull()) {
            return;
        }
        String type = format.path("type").asText("");
        switch (type) {
            case "text", "json_object" -> {}
            case "json_schema" -> {
                if (!format.path("json_schema").path("schema").isObject()) {
                    throw GatewayErrors.invalid(
                            "response_format.json_schema",
                            "response_format of type json_schema " + "needs json_schema.schema, a JSON Schema object");
                }
            }
            default ->
                throw GatewayErrors.invalid(
                        "response_format.type",
                        "response_format.type is '" + type + "'; expected text, json_object or json_schema");
        }
    }

    private static boolean hasImages(JsonNode messages) {
        for (JsonNode m : messages) {
            JsonNode content = m.get("content");
            if (content != null && content.isArray()) {
                for (JsonNode part : content) {
                    if ("image_url".equals(part.path("type").asText())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    static String requireText(ObjectNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw GatewayErrors.invalid(field, "'" + field + "' is required: a non-empty string");
        }
        return v.asText();
    }

    private static void optional(
            ObjectNode body, String field, java.util.function.Predicate<JsonNode> ok, String expected) {
        JsonNode v = body.get(field);
        if (v != null && !v.isNull() && !ok.test(v)) {
            throw GatewayErrors.invalid(field, "'" + field + "' must be " + expected);
        }
    }
}
