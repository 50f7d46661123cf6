package dev.helix.gateway.provider.anthropic;

import static dev.helix.gateway.provider.format.TranslationFixtures.CLOCK;
import static dev.helix.gateway.provider.format.TranslationFixtures.assertJson;
import static dev.helix.gateway.provider.format.TranslationFixtures.json;
import static dev.helix.gateway.provider.format.TranslationFixtures.sse;
import static dev.helix.gateway.provider.format.TranslationFixtures.withNullUsage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.helix.gateway.provider.format.TranslationFixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnthropicStreamTest {
    private static final String MESSAGE_START = """
            {"type": "message_start", "message": {"id": "msg_014p7gG3wDgGV9EUtLvnow3U", "type": "message",
             "role": "assistant", "model": "claude-sonnet-4-5-20250929", "content": [], "stop_reason": null,
             "stop_sequence": null, "usage": {"input_tokens": 472, "output_tokens": 2,
             "cache_creation_input_tokens": 0, "cache_read_input_tokens": 0}}}""";

    /** Feeds SSE events written as {@code event: name} / {@code data: json} lines; returns every chunk sent. */
    private static List<ObjectNode> feed(AnthropicStream stream, String sse) {
        return TranslationFixtures.feed(sse, stream::accept);
    }

    private static String chunk(String choiceJson) {
        return TranslationFixtures.chunk("chatcmpl-msg_014p7gG3wDgGV9EUtLvnow3U", "helix-smart", choiceJson);
    }

    @Test
    void aTextStreamBecomesRoleContentFinishAndUsageChunksSharingOneIdentity() {
        AnthropicStream stream = new AnthropicStream("helix-smart", true, CLOCK);
        List<ObjectNode> chunks = feed(
                stream,
                sse("message_start", MESSAGE_START)
                        + sse("content_block_start", """
                    {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}}""")
                        + sse("ping", "{\"type\": \"ping\"}")
                        + sse("content_block_delta", """
                    {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "Hello"}}""")
                        + sse("content_block_delta", """
                    {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": " there!"}}""")
                        + sse("content_block_stop", "{\"type\": \"content_block_stop\", \"index\": 0}")
                        + sse("message_delta", """
                    {"type": "message_delta", "delta": {"stop_reason": "end_turn", "stop_sequence": null},
                     "usage": {"output_tokens": 15}}""")
                        + sse("message_stop", "{\"type\": \"message_stop\"}"));
        assertThat(chunks).hasSize(5);
        assertJson(chunks.get(0), withNullUsage(chunk("""
                {"index": 0, "delta": {"role": "assistant", "content": ""},
                 "logprobs": null, "finish_reason": null}""")));
        assertJson(chunks.get(1), withNullUsage(chunk("""
                {"index": 0, "delta": {"content": "Hello"}, "logprobs": null, "finish_reason": null}""")));
        assertJson(chunks.get(2), withNullUsage(chunk("""
                {"index": 0, "delta": {"content": " there!"}, "logprobs": null, "finish_reason": null}""")));
        assertJson(chunks.get(3), withNullUsage(chunk("""
                {"index": 0, "delta": {}, "logprobs": null, "finish_reason": "stop"}""")));
        ObjectNode usageChunk = (ObjectNode) json(chunk(""));
        usageChunk.set("usage", json("""
                {"prompt_tokens": 472, "completion_tokens": 15, "total_tokens": 487,
                 "prompt_tokens_details": {"cached_tokens": 0},
                 "completion_tokens_details": {"reasoning_tokens": 0}}"""));
        assertJson(chunks.get(4), usageChunk.toString());
        assertThat(stream.finished()).isTrue();
    }

    @Test
    void streamedToolCallsGetIndexesIdsNamesAndArgumentFragments() {
        AnthropicStream stream = new AnthropicStream("helix-smart", false, CLOCK);
        List<ObjectNode> chunks = feed(
                stream,
                sse("message_start", MESSAGE_START)
                        + sse("content_block_start", """
                    {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}}""")
                        + sse("content_block_delta", """
                    {"type": "content_block_delta", "index": 0,
                     "delta": {"type": "text_delta", "text": "Checking."}}""")
                        + sse("content_block_stop", "{\"type\": \"content_block_stop\", \"index\": 0}")
                        + toolBlock(
                                1,
                                "toolu_01T1x1fJ34qAmk2tNTrN7Up6",
                                "get_weather",
                                "",
                                "{\\\"city\\\": ",
                                "\\\"Par",
                                "is\\\"}")
                        + toolBlock(2, "toolu_02", "get_time", "{\\\"tz\\\":", " \\\"CET\\\"}")
                        + sse("message_delta", """
                    {"type": "message_delta", "delta": {"stop_reason": "tool_use", "stop_sequence": null},
                     "usage": {"output_tokens": 89}}""")
                        + sse("message_stop", "{\"type\": \"message_stop\"}"));
        assertThat(chunks).hasSize(10);
        assertThat(chunks).allSatisfy(c -> assertThat(c.has("usage")).isFalse());
        assertJson(chunks.get(2).at("/choices/0/delta"), """
                {"tool_calls": [{"index": 0, "id": "toolu_01T1x1fJ34qAmk2tNTrN7Up6", "type": "function",
                                 "function": {"name": "get_weather", "arguments": ""}}]}""");
        assertJson(chunks.get(3).at("/choices/0/delta"), """
                {"tool_calls": [{"index": 0, "function": {"arguments": "{\\"city\\": "}}]}""");
        assertThat(arguments(chunks, 0)).isEqualTo("{\"city\": \"Paris\"}");
        assertThat(chunks.get(6).at("/choices/0/delta/tool_calls/0/index").asInt())
                .isEqualTo(1);
        assertThat(chunks.get(6).at("/choices/0/delta/tool_calls/0/id").asText())
                .isEqualTo("toolu_02");
        assertThat(arguments(chunks, 1)).isEqualTo("{\"tz\": \"CET\"}");
        assertThat(chunks.get(9).at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(stream.usage().get("completion_tokens").asInt()).isEqualTo(89);
    }

    private static String toolBlock(int index, String id, String name, String... fragments) {
        StringBuilder events = new StringBuilder(sse("content_block_start", """
                {"type": "content_block_start", "index": %d,
                 "content_block": {"type": "tool_use", "id": "%s", "name": "%s", "input": {}}}""".formatted(index, id, name)));
        for (String fragment : fragments) {
            events.append(sse("content_block_delta", """
                    {"type": "content_block_delta", "index": %d,
                     "delta": {"type": "input_json_delta", "partial_json": "%s"}}""".formatted(index, fragment)));
        }
        return events.append(sse("content_block_stop", "{\"type\": \"content_block_stop\", \"index\": " + index + "}"))
                .toString();
    }

    private static String arguments(List<ObjectNode> chunks, int toolIndex) {
        StringBuilder arguments = new StringBuilder();
        for (ObjectNode chunk : chunks) {
            for (JsonNode call : chunk.at("/choices/0/delta/tool_calls")) {
                if (call.get("index").asInt() == toolIndex) {
                    arguments.append(call.at("/function/arguments").asText());
                }
            }
        }
        return arguments.toString();
    }

    @Test
    void aToolCallThatStreamedNoArgumentsGetsAnEmptyObject() {
        AnthropicStream stream = new AnthropicStream("m", false, CLOCK);
        List<ObjectNode> chunks = feed(stream, sse("message_start", MESSAGE_START) + toolBlock(0, "toolu_9", "now"));
        assertThat(chunks).hasSize(3);
        assertThat(arguments(chunks, 0)).isEqualTo("{}");
    }

    @Test
    void thinkingBlocksAndUnknownEventsSendNothing() {
        AnthropicStream stream = new AnthropicStream("m", false, CLOCK);
        List<ObjectNode> chunks = feed(
                stream,
                sse("message_start", MESSAGE_START)
                        + sse("content_block_start", """
                    {"type": "content_block_start", "index": 0,
                     "content_block": {"type": "thinking", "thinking": "", "signature": ""}}""")
                        + sse("content_block_delta", """
                    {"type": "content_block_delta", "index": 0,
                     "delta": {"type": "thinking_delta", "thinking": "Let me think..."}}""")
                        + sse("content_block_delta", """
                    {"type": "content_block_delta", "index": 0,
                     "delta": {"type": "signature_delta", "signature": "EqQBCgIYAhIM"}}""")
                        + sse("content_block_stop", "{\"type\": \"content_block_stop\", \"index\": 0}")
                        + sse("some_future_event", "{\"type\": \"some_future_event\"}")
                        + sse("content_block_start", """
                    {"type": "content_block_start", "index": 1, "content_block": {"type": "text", "text": ""}}""")
                        + sse("content_block_delta", """
                    {"type": "content_block_delta", "index": 1, "delta": {"type": "text_delta", "text": "42"}}"""));
        assertThat(chunks).hasSize(2);
        assertThat(chunks.get(1).at("/choices/0/delta/content").asText()).isEqualTo("42");
    }

    @Test
    void usageCountsCachedTokensAndTakesCumulativeUpdatesFromMessageDelta() {
        AnthropicStream stream = new AnthropicStream("m", true, CLOCK);
        assertThat(stream.usage()).isNull();
        stream.accept("message_start", json("""
                {"type": "message_start", "message": {"id": "msg_1", "content": [], "usage": {"input_tokens": 12,
                 "cache_creation_input_tokens": 50, "cache_read_input_tokens": 2000, "output_tokens": 1}}}"""));
        stream.accept("message_delta", json("""
                {"type": "message_delta", "delta": {"stop_reason": "max_tokens"},
                 "usage": {"output_tokens": 300, "input_tokens": null}}"""));
        assertJson(stream.usage(), """
                {"prompt_tokens": 2062, "completion_tokens": 300, "total_tokens": 2362,
                 "prompt_tokens_details": {"cached_tokens": 2000},
                 "completion_tokens_details": {"reasoning_tokens": 0}}""");
        assertThat(stream.finished()).isFalse();
        List<ObjectNode> last = stream.accept("message_stop", json("{\"type\": \"message_stop\"}"));
        assertThat(last).hasSize(1);
        assertThat(last.get(0).get("choices")).isEmpty();
        assertThat(last.get(0).at("/usage/prompt_tokens_details/cached_tokens").asInt())
                .isEqualTo(2000);
        assertThat(stream.finished()).isTrue();
    }

    @Test
    void withoutIncludeUsageTheStreamEndsWithoutAUsageChunk() {
        AnthropicStream stream = new AnthropicStream("m", false, CLOCK);
        feed(stream, sse("message_start", MESSAGE_START));
        assertThat(stream.accept("message_stop", json("{\"type\": \"message_stop\"}")))
                .isEmpty();
        assertThat(stream.usage().get("prompt_tokens").asInt()).isEqualTo(472);
    }

    @Test
    void theEventNameMayComeFromTheDataType() {
        AnthropicStream stream = new AnthropicStream("m", false, CLOCK);
        assertThat(stream.accept(null, json(MESSAGE_START))).hasSize(1);
        assertThat(stream.accept("", json("""
                {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "x"}}"""))).hasSize(1);
        assertThat(stream.accept("ping", null)).isEmpty();
    }

    @Test
    void anErrorEventThrowsWithTheUpstreamTypeAndMessage() {
        AnthropicStream stream = new AnthropicStream("m", false, CLOCK);
        feed(stream, sse("message_start", MESSAGE_START));
        assertThatThrownBy(() -> stream.accept("error", json("""
                {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}""")))
                .isInstanceOfSatisfying(AnthropicStreamException.class, e -> {
                    assertThat(e.errorType()).isEqualTo("overloaded_error");
                    assertThat(e.upstreamMessage()).isEqualTo("Overloaded");
                    assertThat(e).hasMessageContaining("overloaded_error").hasMessageContaining("Overloaded");
                });
    }

    @Test
    void theInputOfAServerToolBlockIsNotPassedOn() {
        AnthropicStream stream = new AnthropicStream("m", false, CLOCK);
        List<ObjectNode> chunks = feed(
                stream,
                sse("message_start", MESSAGE_START)
                        + sse("content_block_start", """
                    {"type": "content_block_start", "index": 0,
                     "content_block": {"type": "server_tool_use", "id": "srvtoolu_1", "name": "web_search",
                                       "input": {}}}""")
                        + sse("content_block_delta", """
                    {"type": "content_block_delta", "index": 0,
                     "delta": {"type": "input_json_delta", "partial_json": "{\\"query\\": \\"x\\"}"}}""")
                        + sse("content_block_stop", "{\"type\": \"content_block_stop\", \"index\": 0}"));
        assertThat(chunks).hasSize(1);
    }

    @Test
    void argumentsForABlockThatNeverStartedAreRefused() {
        AnthropicStream stream = new AnthropicStream("m", false, CLOCK);
        feed(stream, sse("message_start", MESSAGE_START));
        assertThatThrownBy(() -> stream.accept("content_block_delta", json("""
                {"type": "content_block_delta", "index": 3,
                 "delta": {"type": "input_json_delta", "partial_json": "{"}}""")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("content_block_delta input_json_delta for block 3, which never started");
    }
}
