package dev.helix.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.helix.testkit.MockText.Answer;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Anthropic's Messages API, {@code POST /v1/messages}: requires {@code x-api-key} (else 401) and
 * {@code anthropic-version} (else 400), answers a text block or, when tools are offered and allowed, a
 * {@code tool_use} block; streamed as Anthropic's named server-sent events. Answers follow {@link MockText}.
 */
final class AnthropicMock {
    private static final byte[] PING = Json.sse("ping", Json.object().put("type", "ping"));
    private static final byte[] STOP = Json.sse("message_stop", Json.object().put("type", "message_stop"));

    Reply messages(Call call) {
        String problem = headerProblem(call.request());
        if (problem != null) {
            return Dialect.ANTHROPIC.error(problem.startsWith("x-api-key") ? 401 : 400, problem);
        }
        JsonNode body = call.body();
        problem = bodyProblem(body);
        if (problem != null) {
            return Dialect.ANTHROPIC.error(400, problem);
        }
        Answer answer = answer(body, call.options().answerWords());
        Message message = new Message(
                call.id("msg_mock"),
                body.get("model").asText(),
                answer,
                answer.isTool() ? call.id("toolu_mock") : null,
                MockText.tokens(promptChars(body)),
                answer.completionTokens());
        if (body.path("stream").asBoolean(false)) {
            return Reply.sse(message.events(call.options().chunks()));
        }
        return Reply.json(Json.bytes(message.json()));
    }

    private static @Nullable String headerProblem(RecordedRequest request) {
        if (blank(request.header("x-api-key"))) {
            return "x-api-key header is required";
        }
        return blank(request.header("anthropic-version")) ? "anthropic-version: header is required" : null;
    }

    private static @Nullable String bodyProblem(JsonNode body) {
        if (!body.isObject()) {
            return "The request body is not valid JSON.";
        }
        if (Json.string(body, "model") == null) {
            return "model: Field required";
        }
        if (!body.path("max_tokens").canConvertToInt()
                || body.path("max_tokens").asInt() < 1) {
            return "max_tokens: Field required";
        }
        JsonNode messages = body.get("messages");
        if (messages == null || !messages.isArray()) {
            return "messages: Field required";
        }
        return messages.isEmpty() ? "messages: at least one message is required" : null;
    }

    private static Answer answer(JsonNode body, int words) {
        JsonNode messages = body.get("messages");
        JsonNode toolResult = toolResult(messages.get(messages.size() - 1));
        JsonNode tool = chooseTool(body, toolResult != null);
        if (tool != null) {
            return Answer.tool(tool.path("name").asText(), tool.get("input_schema"));
        }
        return toolResult != null
                ? MockText.reply(MockText.contentText(toolResult.get("content")), true, words)
                : MockText.reply(lastUserText(messages), false, words);
    }

    private static @Nullable JsonNode chooseTool(JsonNode body, boolean afterTool) {
        JsonNode tools = body.path("tools");
        String type = body.path("tool_choice").path("type").asText("auto");
        if (!tools.isArray() || tools.isEmpty() || type.equals("none")) {
            return null;
        }
        String named =
                type.equals("tool") ? body.path("tool_choice").path("name").asText("") : "";
        if (afterTool && !type.equals("any") && named.isEmpty()) {
            return null;
        }
        for (JsonNode tool : tools) {
            if (named.isEmpty() || named.equals(tool.path("name").asText())) {
                return tool;
            }
        }
        return tools.get(0);
    }

    /** The {@code tool_result} block of a user message, or {@code null} when it has none. */
    private static @Nullable JsonNode toolResult(JsonNode message) {
        JsonNode content = message.path("content");
        if (!"user".equals(message.path("role").asText()) || !content.isArray()) {
            return null;
        }
        for (JsonNode block : content) {
            if ("tool_result".equals(block.path("type").asText())) {
                return block;
            }
        }
        return null;
    }

    private static String lastUserText(JsonNode messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if ("user".equals(messages.get(i).path("role").asText())) {
                return MockText.contentText(messages.get(i).get("content"));
            }
        }
        return "";
    }

    /** The system prompt, message text and tool results, in characters. */
    private static long promptChars(JsonNode body) {
        long chars = MockText.contentText(body.get("system")).length();
        for (JsonNode message : body.get("messages")) {
            JsonNode content = message.path("content");
            if (!content.isArray()) {
                chars += MockText.contentText(content).length();
                continue;
            }
            for (JsonNode block : content) {
                chars += "tool_result".equals(block.path("type").asText())
                        ? MockText.contentText(block.get("content")).length()
                        : block.path("text").asText("").length();
            }
        }
        return chars;
    }

    private static boolean blank(@Nullable String value) {
        return value == null || value.isBlank();
    }

    /** One message being written, whole or as events. */
    private record Message(
            String id,
            String model,
            Answer answer,
            @Nullable String toolId,
            int inputTokens,
            int outputTokens) {

        ObjectNode json() {
            ObjectNode root = head();
            root.putArray("content").add(block(true));
            root.put("stop_reason", stopReason());
            root.putNull("stop_sequence");
            root.set("usage", usage(inputTokens, outputTokens));
            return root;
        }

        List<byte[]> events(int pieces) {
            List<byte[]> events = new ArrayList<>();
            ObjectNode start = Json.object().put("type", "message_start");
            ObjectNode message = start.putObject("message").setAll(head());
            message.putArray("content");
            message.putNull("stop_reason");
            message.putNull("stop_sequence");
            message.set("usage", usage(inputTokens, 1));
            events.add(Json.sse("message_start", start));
            ObjectNode blockStart =
                    Json.object().put("type", "content_block_start").put("index", 0);
            blockStart.set("content_block", block(false));
            events.add(Json.sse("content_block_start", blockStart));
            events.add(PING);
            for (String piece : MockText.split(answer.content(), pieces)) {
                events.add(delta(piece));
            }
            events.add(Json.sse(
                    "content_block_stop",
                    Json.object().put("type", "content_block_stop").put("index", 0)));
            events.add(messageDelta());
            events.add(STOP);
            return events;
        }

        private byte[] delta(String piece) {
            ObjectNode event = Json.object().put("type", "content_block_delta").put("index", 0);
            if (answer.isTool()) {
                event.putObject("delta").put("type", "input_json_delta").put("partial_json", piece);
            } else {
                event.putObject("delta").put("type", "text_delta").put("text", piece);
            }
            return Json.sse("content_block_delta", event);
        }

        private byte[] messageDelta() {
            ObjectNode event = Json.object().put("type", "message_delta");
            event.putObject("delta").put("stop_reason", stopReason()).putNull("stop_sequence");
            event.putObject("usage").put("output_tokens", outputTokens);
            return Json.sse("message_delta", event);
        }

        /** The content block: whole, or as a stream starts it (empty text, empty input). */
        private ObjectNode block(boolean whole) {
            if (!answer.isTool()) {
                return Json.object().put("type", "text").put("text", whole ? answer.text() : "");
            }
            ObjectNode block =
                    Json.object().put("type", "tool_use").put("id", toolId).put("name", answer.toolName());
            block.set("input", whole ? answer.toolInput() : Json.object());
            return block;
        }

        private ObjectNode head() {
            return Json.object()
                    .put("id", id)
                    .put("type", "message")
                    .put("role", "assistant")
                    .put("model", model);
        }

        private String stopReason() {
            return answer.isTool() ? "tool_use" : "end_turn";
        }

        private static ObjectNode usage(int input, int output) {
            return Json.object()
                    .put("input_tokens", input)
                    .put("output_tokens", output)
                    .put("cache_read_input_tokens", 0)
                    .put("cache_creation_input_tokens", 0);
        }
    }
}
