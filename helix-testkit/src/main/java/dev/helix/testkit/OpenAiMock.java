package dev.helix.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.helix.testkit.MockText.Answer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * OpenAI's API: {@code POST /v1/chat/completions} (plain and streamed, text or a tool call, {@code n} choices),
 * {@code POST /v1/embeddings} (float or base64 vectors) and {@code GET /v1/models}. Answers follow
 * {@link MockText}; bodies have OpenAI's shapes and field names.
 */
final class OpenAiMock {
    /** The model ids {@code GET /v1/models} lists. */
    static final List<String> MODELS = List.of("gpt-4o-mini", "gpt-4o", "text-embedding-3-small", "mock-model");

    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_DIMENSIONS = 65_536;

    private final byte[] models = modelList();

    Reply models(Call call) {
        return Reply.json(models);
    }

    Reply chat(Call call) {
        JsonNode body = call.body();
        String problem = chatProblem(body);
        if (problem != null) {
            return Dialect.OPENAI.error(400, problem);
        }
        Answer answer = answer(body, call.options().answerWords());
        int n = body.path("n").asInt(1);
        Chat chat = new Chat(
                call.id("chatcmpl-mock-"),
                call.now(),
                body.get("model").asText(),
                answer,
                n,
                MockText.tokens(promptChars(body.get("messages"))),
                answer.completionTokens() * n);
        if (body.path("stream").asBoolean(false)) {
            boolean usage = body.path("stream_options").path("include_usage").asBoolean(false);
            return Reply.sse(chat.events(call, usage));
        }
        return Reply.json(Json.bytes(chat.completion(call)));
    }

    Reply embeddings(Call call) {
        JsonNode body = call.body();
        List<String> inputs = Vectors.inputs(body.get("input"));
        JsonNode dimensions = body.get("dimensions");
        if (!body.isObject() || Json.string(body, "model") == null) {
            return Dialect.OPENAI.error(400, "you must provide a model parameter");
        }
        if (inputs.isEmpty()) {
            return Dialect.OPENAI.error(400, "'input' must be a non-empty string or array");
        }
        if (dimensions != null
                && (!dimensions.canConvertToInt() || dimensions.asInt() < 1 || dimensions.asInt() > MAX_DIMENSIONS)) {
            return Dialect.OPENAI.error(400, "'dimensions' must be a whole number from 1 to " + MAX_DIMENSIONS);
        }
        int size = dimensions == null ? call.options().embeddingDimensions() : dimensions.asInt();
        boolean base64 = "base64".equals(body.path("encoding_format").asText());
        return Reply.json(Json.bytes(embeddingList(body.get("model").asText(), inputs, size, base64)));
    }

    private static ObjectNode embeddingList(String model, List<String> inputs, int size, boolean base64) {
        ObjectNode root = Json.object().put("object", "list");
        ArrayNode data = root.putArray("data");
        int tokens = 0;
        for (int i = 0; i < inputs.size(); i++) {
            float[] vector = Vectors.of(inputs.get(i), size);
            ObjectNode item = data.addObject().put("object", "embedding").put("index", i);
            if (base64) {
                item.put("embedding", Vectors.base64(vector));
            } else {
                item.set("embedding", Vectors.json(vector));
            }
            tokens += MockText.tokens(inputs.get(i).length());
        }
        root.put("model", model);
        root.putObject("usage").put("prompt_tokens", tokens).put("total_tokens", tokens);
        return root;
    }

    private static @Nullable String chatProblem(JsonNode body) {
        if (!body.isObject()) {
            return "We could not parse the JSON body of your request: it must be a JSON object.";
        }
        if (Json.string(body, "model") == null) {
            return "you must provide a model parameter";
        }
        JsonNode messages = body.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            return "'messages' must be a non-empty array";
        }
        JsonNode n = body.get("n");
        if (n != null && !n.isNull() && (!n.canConvertToInt() || n.asInt() < 1 || n.asInt() > 128)) {
            return "'n' must be a whole number from 1 to 128";
        }
        return null;
    }

    /**
     * A memory synthesis answer for a synthesis request ({@link MemoryExtraction}), a tool call when the request offers
     * tools and allows one, else a text reply; see {@link MockText}.
     */
    static Answer answer(JsonNode body, int words) {
        String synthesis = MemoryExtraction.kindOf(body);
        if (synthesis != null) {
            return Answer.text(MemoryExtraction.answer(body, synthesis));
        }
        JsonNode messages = body.get("messages");
        JsonNode last = messages.get(messages.size() - 1);
        String role = last.path("role").asText();
        boolean afterTool = role.equals("tool") || role.equals("function");
        JsonNode tool = chooseTool(body, afterTool);
        if (tool != null) {
            return Answer.tool(
                    tool.path("function").path("name").asText(),
                    tool.path("function").get("parameters"));
        }
        return MockText.reply(
                afterTool ? MockText.contentText(last.get("content")) : lastUserText(messages), afterTool, words);
    }

    private static @Nullable JsonNode chooseTool(JsonNode body, boolean afterTool) {
        JsonNode tools = body.path("tools");
        JsonNode choice = body.path("tool_choice");
        if (!tools.isArray() || tools.isEmpty() || "none".equals(choice.asText())) {
            return null;
        }
        String named = choice.path("function").path("name").asText("");
        boolean forced = "required".equals(choice.asText()) || !named.isEmpty();
        if (afterTool && !forced) {
            return null;
        }
        for (JsonNode tool : tools) {
            if (named.isEmpty()
                    || named.equals(tool.path("function").path("name").asText())) {
                return tool;
            }
        }
        return tools.get(0);
    }

    private static String lastUserText(JsonNode messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if ("user".equals(messages.get(i).path("role").asText())) {
                return MockText.contentText(messages.get(i).get("content"));
            }
        }
        return "";
    }

    private static long promptChars(JsonNode messages) {
        long chars = 0;
        for (JsonNode message : messages) {
            chars += MockText.contentText(message.get("content")).length();
        }
        return chars;
    }

    private static byte[] modelList() {
        ObjectNode root = Json.object().put("object", "list");
        ArrayNode data = root.putArray("data");
        for (String id : MODELS) {
            data.addObject()
                    .put("id", id)
                    .put("object", "model")
                    .put("created", 1_700_000_000L)
                    .put("owned_by", "helix-testkit");
        }
        return Json.bytes(root);
    }

    /** One chat completion being written, plain or as chunks. */
    private record Chat(
            String id, long created, String model, Answer answer, int n, int promptTokens, int completionTokens) {

        ObjectNode completion(Call call) {
            ObjectNode root = head("chat.completion");
            ArrayNode choices = root.putArray("choices");
            for (int i = 0; i < n; i++) {
                ObjectNode choice = choices.addObject().put("index", i);
                choice.set("message", message(call));
                choice.putNull("logprobs");
                choice.put("finish_reason", finishReason());
            }
            root.set("usage", usage());
            return root;
        }

        List<byte[]> events(Call call, boolean includeUsage) {
            List<byte[]> events = new ArrayList<>();
            int pieces = call.options().chunks();
            for (int i = 0; i < n; i++) {
                if (answer.isTool()) {
                    toolEvents(events, i, call.id("call_mock"), pieces);
                } else {
                    events.add(chunk(i, Json.object().put("role", "assistant").put("content", ""), null));
                    for (String piece : MockText.split(answer.content(), pieces)) {
                        events.add(chunk(i, Json.object().put("content", piece), null));
                    }
                }
                events.add(chunk(i, Json.object(), finishReason()));
            }
            if (includeUsage) {
                ObjectNode last = head("chat.completion.chunk");
                last.putArray("choices");
                last.set("usage", usage());
                events.add(Json.sseData(last));
            }
            events.add(DONE);
            return events;
        }

        private void toolEvents(List<byte[]> events, int index, String callId, int pieces) {
            ObjectNode start = Json.object().put("role", "assistant");
            start.putNull("content");
            ObjectNode call = start.putArray("tool_calls")
                    .addObject()
                    .put("index", 0)
                    .put("id", callId)
                    .put("type", "function");
            call.putObject("function").put("name", answer.toolName()).put("arguments", "");
            events.add(chunk(index, start, null));
            for (String piece : MockText.split(answer.arguments(), pieces)) {
                ObjectNode delta = Json.object();
                delta.putArray("tool_calls")
                        .addObject()
                        .put("index", 0)
                        .putObject("function")
                        .put("arguments", piece);
                events.add(chunk(index, delta, null));
            }
        }

        private byte[] chunk(int index, ObjectNode delta, @Nullable String finishReason) {
            ObjectNode root = head("chat.completion.chunk");
            ObjectNode choice = root.putArray("choices").addObject().put("index", index);
            choice.set("delta", delta);
            choice.putNull("logprobs");
            if (finishReason == null) {
                choice.putNull("finish_reason");
            } else {
                choice.put("finish_reason", finishReason);
            }
            return Json.sseData(root);
        }

        private ObjectNode message(Call call) {
            ObjectNode message = Json.object().put("role", "assistant");
            if (!answer.isTool()) {
                return message.put("content", answer.text());
            }
            message.putNull("content");
            ObjectNode toolCall = message.putArray("tool_calls")
                    .addObject()
                    .put("id", call.id("call_mock"))
                    .put("type", "function");
            toolCall.putObject("function").put("name", answer.toolName()).put("arguments", answer.arguments());
            return message;
        }

        private ObjectNode head(String object) {
            return Json.object()
                    .put("id", id)
                    .put("object", object)
                    .put("created", created)
                    .put("model", model);
        }

        private String finishReason() {
            return answer.isTool() ? "tool_calls" : "stop";
        }

        private ObjectNode usage() {
            ObjectNode usage = Json.object()
                    .put("prompt_tokens", promptTokens)
                    .put("completion_tokens", completionTokens)
                    .put("total_tokens", promptTokens + completionTokens);
            usage.putObject("prompt_tokens_details").put("cached_tokens", 0);
            usage.putObject("completion_tokens_details").put("reasoning_tokens", 0);
            return usage;
        }
    }
}
