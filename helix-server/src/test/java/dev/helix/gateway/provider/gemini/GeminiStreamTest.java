package dev.helix.gateway.provider.gemini;

import static dev.helix.gateway.provider.format.TranslationFixtures.CLOCK;
import static dev.helix.gateway.provider.format.TranslationFixtures.NOW;
import static dev.helix.gateway.provider.format.TranslationFixtures.assertJson;
import static dev.helix.gateway.provider.format.TranslationFixtures.data;
import static dev.helix.gateway.provider.format.TranslationFixtures.json;
import static dev.helix.gateway.provider.format.TranslationFixtures.withNullUsage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.helix.gateway.provider.format.TranslationFixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

class GeminiStreamTest {
    /** Feeds {@code data: json} lines of an {@code alt=sse} stream; returns every chunk sent. */
    private static List<ObjectNode> feed(GeminiStream stream, String sse) {
        return TranslationFixtures.feed(sse, (event, data) -> stream.accept(data));
    }

    private static String chunk(String choiceJson) {
        return withNullUsage(TranslationFixtures.chunk("chatcmpl-resp_1", "helix-fast", choiceJson));
    }

    @Test
    void aTextStreamBecomesRoleContentFinishAndAFinalUsageChunk() {
        GeminiStream stream = new GeminiStream("helix-fast", true, CLOCK);
        List<ObjectNode> chunks = feed(stream, data("""
                {"candidates": [{"content": {"parts": [{"text": "The capital"}], "role": "model"}}],
                 "usageMetadata": {"promptTokenCount": 8, "totalTokenCount": 8}, "modelVersion": "gemini-2.5-flash",
                 "responseId": "resp_1"}""") + data("""
                {"candidates": [{"content": {"parts": [{"text": " is Paris."}], "role": "model"},
                  "finishReason": "STOP"}],
                 "usageMetadata": {"promptTokenCount": 8, "candidatesTokenCount": 6, "totalTokenCount": 20,
                                   "thoughtsTokenCount": 6, "cachedContentTokenCount": 4},
                 "modelVersion": "gemini-2.5-flash", "responseId": "resp_1"}"""));
        assertThat(chunks).hasSize(4);
        assertJson(chunks.get(0), chunk("""
                {"index": 0, "delta": {"role": "assistant", "content": ""},
                 "logprobs": null, "finish_reason": null}"""));
        assertJson(chunks.get(1), chunk("""
                {"index": 0, "delta": {"content": "The capital"}, "logprobs": null, "finish_reason": null}"""));
        assertJson(chunks.get(2), chunk("""
                {"index": 0, "delta": {"content": " is Paris."}, "logprobs": null, "finish_reason": null}"""));
        assertJson(chunks.get(3), chunk("""
                {"index": 0, "delta": {}, "logprobs": null, "finish_reason": "stop"}"""));
        assertThat(stream.sawFinishReason()).isTrue();
        List<ObjectNode> end = stream.finish();
        assertThat(end).hasSize(1);
        assertJson(end.get(0), """
                {"id": "chatcmpl-resp_1", "object": "chat.completion.chunk", "created": %d, "model": "helix-fast",
                 "choices": [],
                 "usage": {"prompt_tokens": 8, "completion_tokens": 12, "total_tokens": 20,
                           "prompt_tokens_details": {"cached_tokens": 4},
                           "completion_tokens_details": {"reasoning_tokens": 6}}}""".formatted(NOW.getEpochSecond()));
    }

    @Test
    void wholeFunctionCallsBecomeOneToolCallDeltaEachWithCompleteArguments() {
        GeminiStream stream = new GeminiStream("m", false, CLOCK);
        List<ObjectNode> chunks = feed(stream, data("""
                {"candidates": [{"content": {"parts": [{"text": "Let me look.", "thought": true}], "role": "model"}}],
                 "responseId": "r"}""") + data("""
                {"candidates": [{"content": {"parts": [
                   {"functionCall": {"name": "get_weather", "args": {"city": "Paris", "unit": "c"}},
                    "thoughtSignature": "CiwBVKhc7n"}], "role": "model"}}], "responseId": "r"}""") + data("""
                {"candidates": [{"content": {"parts": [
                   {"functionCall": {"name": "get_time", "args": {"tz": "CET"}}}], "role": "model"},
                  "finishReason": "STOP"}],
                 "usageMetadata": {"promptTokenCount": 40, "candidatesTokenCount": 20, "totalTokenCount": 60},
                 "responseId": "r"}"""));
        assertThat(chunks).hasSize(4);
        assertThat(chunks).allSatisfy(c -> assertThat(c.has("usage")).isFalse());
        assertThat(chunks.get(0).at("/choices/0/delta/role").asText()).isEqualTo("assistant");
        ObjectNode first = (ObjectNode) chunks.get(1).at("/choices/0/delta/tool_calls/0");
        assertThat(first.get("id").asText()).startsWith("call_");
        first.remove("id");
        assertJson(first, """
                {"index": 0, "type": "function",
                 "function": {"name": "get_weather", "arguments": "{\\"city\\":\\"Paris\\",\\"unit\\":\\"c\\"}"},
                 "extra_content": {"google": {"thought_signature": "CiwBVKhc7n"}}}""");
        assertThat(chunks.get(2).at("/choices/0/delta/tool_calls/0/index").asInt())
                .isEqualTo(1);
        assertThat(chunks.get(2)
                        .at("/choices/0/delta/tool_calls/0/function/arguments")
                        .asText())
                .isEqualTo("{\"tz\":\"CET\"}");
        assertThat(chunks.get(3).at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(stream.finish()).isEmpty();
        assertThat(stream.usage().get("total_tokens").asInt()).isEqualTo(60);
    }

    @Test
    void eachCandidateStreamsAsItsOwnChoice() {
        GeminiStream stream = new GeminiStream("m", false, CLOCK);
        List<ObjectNode> chunks = feed(stream, data("""
                {"candidates": [
                  {"content": {"parts": [{"text": "Heads"}], "role": "model"}},
                  {"content": {"parts": [{"text": "Tails"}], "role": "model"}, "index": 1}]}""") + data("""
                {"candidates": [
                  {"content": {"parts": [{"text": "!"}], "role": "model"}, "finishReason": "STOP"},
                  {"content": {"parts": [{"text": "?"}], "role": "model"},
                   "finishReason": "MAX_TOKENS", "index": 1}]}"""));
        List<String> summary = chunks.stream()
                .map(c -> c.at("/choices/0/index").asInt() + ":"
                        + c.at("/choices/0/delta").toString() + ":"
                        + c.at("/choices/0/finish_reason").asText())
                .toList();
        assertThat(summary)
                .containsExactly(
                        "0:{\"role\":\"assistant\",\"content\":\"\"}:null",
                        "0:{\"content\":\"Heads\"}:null",
                        "1:{\"role\":\"assistant\",\"content\":\"\"}:null",
                        "1:{\"content\":\"Tails\"}:null",
                        "0:{\"content\":\"!\"}:null",
                        "0:{}:stop",
                        "1:{\"content\":\"?\"}:null",
                        "1:{}:length");
        String id = chunks.get(0).get("id").asText();
        assertThat(id).matches("chatcmpl-[0-9a-f]{24}");
        assertThat(chunks).allSatisfy(c -> assertThat(c.get("id").asText()).isEqualTo(id));
    }

    @Test
    void aBlockedPromptFinishesWithContentFilter() {
        GeminiStream stream = new GeminiStream("m", true, CLOCK);
        List<ObjectNode> chunks = stream.accept(json("""
                {"promptFeedback": {"blockReason": "PROHIBITED_CONTENT"},
                 "usageMetadata": {"promptTokenCount": 12, "totalTokenCount": 12}}"""));
        assertThat(chunks).hasSize(2);
        assertThat(chunks.get(0).at("/choices/0/delta/role").asText()).isEqualTo("assistant");
        assertThat(chunks.get(1).at("/choices/0/finish_reason").asText()).isEqualTo("content_filter");
        assertThat(stream.sawFinishReason()).isTrue();
        assertThat(stream.finish().get(0).at("/usage/prompt_tokens").asInt()).isEqualTo(12);
    }

    @Test
    void aSafetyStopMidStreamIsAContentFilterFinish() {
        GeminiStream stream = new GeminiStream("m", false, CLOCK);
        List<ObjectNode> chunks = feed(
                stream, data("""
                {"candidates": [{"content": {"parts": [{"text": "Step one"}], "role": "model"}}]}""") + data("{\"candidates\": [{\"finishReason\": \"SAFETY\", \"safetyRatings\": []}]}"));
        assertThat(chunks).hasSize(3);
        assertThat(chunks.get(2).at("/choices/0/finish_reason").asText()).isEqualTo("content_filter");
    }

    @Test
    void aFirstPayloadWithoutCandidatesStillStartsTheAnswerAndACutStreamHasNoFinish() {
        GeminiStream stream = new GeminiStream("m", true, CLOCK);
        assertThat(stream.usage()).isNull();
        List<ObjectNode> first = stream.accept(json("{\"usageMetadata\": {\"promptTokenCount\": 3}}"));
        assertThat(first).hasSize(1);
        assertThat(first.get(0).at("/choices/0/delta/role").asText()).isEqualTo("assistant");
        assertThat(stream.accept(json("{\"usageMetadata\": {\"promptTokenCount\": 3}}")))
                .isEmpty();
        assertThat(stream.accept(json("""
                {"candidates": [{"content": {"parts": [{"text": "Hel"}], "role": "model"}}]}"""))).hasSize(1);
        assertThat(stream.sawFinishReason()).isFalse();
        assertThat(stream.usage().get("prompt_tokens").asInt()).isEqualTo(3);
    }

    @Test
    void aPayloadThatIsNotAnObjectIsRefused() {
        GeminiStream stream = new GeminiStream("m", false);
        assertThatThrownBy(() -> stream.accept(json("[1]")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("gemini stream payload must be a JSON object");
        assertThatThrownBy(() -> stream.accept(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
