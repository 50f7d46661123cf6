package dev.helix.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.helix.testkit.MockText.Answer;
import io.helidon.http.HeaderValues;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Google's Gemini API under {@code /v1beta/models/{model}:{method}}: {@code generateContent},
 * {@code streamGenerateContent} (server-sent events with {@code ?alt=sse}, else one streamed JSON array),
 * {@code embedContent} and {@code batchEmbedContents}. Requires an API key in {@code x-goog-api-key} (or the
 * {@code key} query parameter), else 403 as Google answers. Answers follow {@link MockText}.
 *
 * <p>Helidon matches {@code /v1beta/models/*} and this class splits the rest at its last {@code ':'}, since
 * {@code {model}:{method}} is one path segment.
 */
final class GeminiMock {
    static final String PREFIX = "/v1beta/models/";
    private static final byte[] ARRAY_START = "[".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ARRAY_NEXT = ",\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ARRAY_END = "]".getBytes(StandardCharsets.US_ASCII);

    Reply call(Call call) {
        String tail = call.request().path().substring(PREFIX.length());
        int colon = tail.lastIndexOf(':');
        String model = colon > 0 ? tail.substring(0, colon) : tail;
        String method = colon > 0 ? tail.substring(colon + 1) : "";
        if (!hasKey(call.request())) {
            return Dialect.GEMINI.error(
                    403,
                    "Method doesn't allow unregistered callers (callers without established "
                            + "identity). Please use API Key or other form of API consumer identity to call this API.");
        }
        return switch (method) {
            case "generateContent" -> generate(call, model, false);
            case "streamGenerateContent" -> generate(call, model, true);
            case "embedContent" -> embed(call);
            case "batchEmbedContents" -> batchEmbed(call);
            default -> Dialect.GEMINI.error(404, "Method '" + method + "' of models/" + model + " is not found.");
        };
    }

    private static boolean hasKey(RecordedRequest request) {
        String key = request.header("x-goog-api-key");
        return (key != null && !key.isBlank()) || !queryParam(request, "key").isEmpty();
    }

    /** The raw value of query parameter {@code name}, empty when it is absent. */
    private static String queryParam(RecordedRequest request, String name) {
        for (String pair : request.query().split("&")) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        return "";
    }

    private static Reply generate(Call call, String model, boolean stream) {
        JsonNode body = call.body();
        JsonNode contents = body.path("contents");
        if (!contents.isArray() || contents.isEmpty()) {
            return Dialect.GEMINI.error(400, "* GenerateContentRequest.contents: contents is not specified");
        }
        int candidates =
                Math.clamp(body.path("generationConfig").path("candidateCount").asInt(1), 1, 8);
        Answer answer = answer(body, call.options().answerWords());
        Generation generation = new Generation(
                call.id("mock-response-"),
                model,
                answer,
                candidates,
                MockText.tokens(promptChars(body)),
                answer.completionTokens() * candidates);
        if (!stream) {
            return Reply.json(Json.bytes(generation.response(answerParts(answer), true)));
        }
        boolean sse = "sse".equals(queryParam(call.request(), "alt"));
        List<byte[]> events = generation.events(call.options().chunks(), sse);
        return sse ? Reply.sse(events) : new Reply.Stream(HeaderValues.CONTENT_TYPE_JSON, events);
    }

    private static Reply embed(Call call) {
        JsonNode content = call.body().path("content");
        if (!content.isObject()) {
            return Dialect.GEMINI.error(400, "* EmbedContentRequest.content: content is not specified");
        }
        ObjectNode root = Json.object();
        root.putObject("embedding").set("values", vector(call, call.body()));
        return Reply.json(Json.bytes(root));
    }

    private static Reply batchEmbed(Call call) {
        JsonNode requests = call.body().path("requests");
        if (!requests.isArray() || requests.isEmpty()) {
            return Dialect.GEMINI.error(400, "* BatchEmbedContentsRequest.requests: requests is not specified");
        }
        ObjectNode root = Json.object();
        ArrayNode embeddings = root.putArray("embeddings");
        for (JsonNode request : requests) {
            embeddings.addObject().set("values", vector(call, request));
        }
        return Reply.json(Json.bytes(root));
    }

    private static ArrayNode vector(Call call, JsonNode request) {
        int size = request.path("outputDimensionality").asInt(call.options().embeddingDimensions());
        return Vectors.json(Vectors.of(partsText(request.path("content").path("parts")), Math.max(1, size)));
    }

    private static Answer answer(JsonNode body, int words) {
        JsonNode contents = body.get("contents");
        JsonNode functionResponse = functionResponse(contents.get(contents.size() - 1));
        JsonNode function = chooseFunction(body, functionResponse != null);
        if (function != null) {
            JsonNode schema =
                    function.has("parameters") ? function.get("parameters") : function.get("parametersJsonSchema");
            return Answer.tool(function.path("name").asText(), schema);
        }
        return functionResponse != null
                ? MockText.reply(Json.text(functionResponse.path("response")), true, words)
                : MockText.reply(lastUserText(contents), false, words);
    }

    private static @Nullable JsonNode chooseFunction(JsonNode body, boolean afterTool) {
        JsonNode config = body.path("toolConfig").path("functionCallingConfig");
        String mode = config.path("mode").asText("AUTO");
        List<JsonNode> declared = new ArrayList<>();
        body.path("tools").forEach(tool -> tool.path("functionDeclarations").forEach(declared::add));
        if (declared.isEmpty() || mode.equals("NONE") || (afterTool && !mode.equals("ANY"))) {
            return null;
        }
        String allowed = config.path("allowedFunctionNames").path(0).asText("");
        return declared.stream()
                .filter(f -> allowed.isEmpty() || allowed.equals(f.path("name").asText()))
                .findFirst()
                .orElse(declared.get(0));
    }

    private static @Nullable JsonNode functionResponse(JsonNode content) {
        for (JsonNode part : content.path("parts")) {
            if (part.has("functionResponse")) {
                return part.get("functionResponse");
            }
        }
        return null;
    }

    private static String lastUserText(JsonNode contents) {
        for (int i = contents.size() - 1; i >= 0; i--) {
            if ("user".equals(contents.get(i).path("role").asText("user"))) {
                return partsText(contents.get(i).path("parts"));
            }
        }
        return "";
    }

    private static String partsText(JsonNode parts) {
        StringBuilder text = new StringBuilder();
        parts.forEach(part -> text.append(part.path("text").asText("")));
        return text.toString();
    }

    /** The system instruction, text parts and function responses, in characters. */
    private static long promptChars(JsonNode body) {
        long chars = partsText(body.path("systemInstruction").path("parts")).length();
        for (JsonNode content : body.get("contents")) {
            for (JsonNode part : content.path("parts")) {
                chars += part.has("functionResponse")
                        ? Json.text(part.get("functionResponse").path("response"))
                                .length()
                        : part.path("text").asText("").length();
            }
        }
        return chars;
    }

    private static ArrayNode answerParts(Answer answer) {
        ArrayNode parts = Json.array();
        if (answer.isTool()) {
            parts.addObject()
                    .putObject("functionCall")
                    .put("name", answer.toolName())
                    .set("args", answer.toolInput());
        } else {
            parts.addObject().put("text", answer.text());
        }
        return parts;
    }

    /** One generation being written, whole or as chunks. */
    private record Generation(
            String id, String model, Answer answer, int candidates, int promptTokens, int outputTokens) {

        ObjectNode response(ArrayNode parts, boolean last) {
            ObjectNode root = Json.object();
            ArrayNode list = root.putArray("candidates");
            for (int i = 0; i < candidates; i++) {
                ObjectNode candidate = list.addObject();
                candidate.putObject("content").put("role", "model").set("parts", parts);
                if (last) {
                    candidate.put("finishReason", "STOP");
                }
                candidate.put("index", i);
            }
            if (last) {
                root.putObject("usageMetadata")
                        .put("promptTokenCount", promptTokens)
                        .put("candidatesTokenCount", outputTokens)
                        .put("totalTokenCount", promptTokens + outputTokens)
                        .put("cachedContentTokenCount", 0)
                        .put("thoughtsTokenCount", 0);
            }
            return root.put("modelVersion", model).put("responseId", id);
        }

        /** The chunks, as server-sent events or as the elements of one JSON array. */
        List<byte[]> events(int pieces, boolean sse) {
            List<ArrayNode> parts = new ArrayList<>();
            if (answer.isTool()) {
                parts.add(answerParts(answer));
            } else {
                MockText.split(answer.content(), pieces)
                        .forEach(p -> parts.add(Json.array().add(Json.object().put("text", p))));
            }
            List<byte[]> events = new ArrayList<>();
            for (int i = 0; i < parts.size(); i++) {
                ObjectNode chunk = response(parts.get(i), i == parts.size() - 1);
                events.add(sse ? Json.sseData(chunk) : framed(i == 0 ? ARRAY_START : ARRAY_NEXT, chunk));
            }
            if (!sse) {
                events.add(ARRAY_END);
            }
            return events;
        }

        private static byte[] framed(byte[] before, JsonNode chunk) {
            byte[] json = Json.bytes(chunk);
            byte[] out = new byte[before.length + json.length];
            System.arraycopy(before, 0, out, 0, before.length);
            System.arraycopy(json, 0, out, before.length, json.length);
            return out;
        }
    }
}
