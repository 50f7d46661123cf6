package dev.helix.testkit;

import static dev.helix.testkit.MockHttp.json;
import static dev.helix.testkit.MockHttp.parse;
import static dev.helix.testkit.MockHttp.sseData;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The OpenAI endpoints of {@link MockLlmServer}, its options, what it records, and {@link MockLlmMain}. */
@Timeout(20)
class MockLlmServerTest {
    private static final String CHAT = "/v1/chat/completions";
    private static final String QUESTION = "What is the capital of Portugal?";
    private static final String WEATHER_TOOL = """
            {"type":"function","function":{"name":"get_weather","description":"Weather of a city",
             "parameters":{"type":"object","properties":{"city":{"type":"string"},"days":{"type":"integer"},
             "unit":{"type":"string","enum":["celsius","fahrenheit"]}},"required":["city"]}}}""";
    private static final String TIME_TOOL = """
            {"type":"function","function":{"name":"get_time","parameters":{"type":"object","properties":{}}}}""";

    @RegisterExtension
    static final MockHttp http = MockHttp.sharedServer();

    private static String chat(String extra, String messages) {
        return "{\"model\":\"gpt-4o-mini\"" + extra + ",\"messages\":" + messages + "}";
    }

    private static String question() {
        return "[{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"" + QUESTION + "\"}]";
    }

    @Test
    void chatCompletionIsDeterministicWithDocumentedUsage() {
        HttpResponse<String> response = http.post(CHAT, chat("", question()));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        JsonNode body = json(response);
        assertThat(body.path("id").asText()).startsWith("chatcmpl-");
        assertThat(body.path("object").asText()).isEqualTo("chat.completion");
        assertThat(body.path("created").asLong()).isPositive();
        assertThat(body.path("model").asText()).isEqualTo("gpt-4o-mini");
        JsonNode choice = body.path("choices").get(0);
        assertThat(choice.path("message").path("role").asText()).isEqualTo("assistant");
        assertThat(choice.path("message").path("content").asText()).isEqualTo("mock reply to: " + QUESTION);
        assertThat(choice.path("finish_reason").asText()).isEqualTo("stop");
        JsonNode usage = body.path("usage");
        assertThat(usage.path("prompt_tokens").asInt()).isEqualTo(11); // (9 + 32) chars / 4, rounded up
        assertThat(usage.path("completion_tokens").asInt()).isEqualTo(9); // words of the reply
        assertThat(usage.path("total_tokens").asInt()).isEqualTo(20);
        assertThat(usage.path("prompt_tokens_details").path("cached_tokens").isInt())
                .isTrue();
        assertThat(usage.path("completion_tokens_details")
                        .path("reasoning_tokens")
                        .isInt())
                .isTrue();
    }

    @Test
    void replyQuotesAtMostFortyCharactersOfTheLastUserMessage() {
        String longText = "abcdefghij".repeat(5);
        String messages = "[{\"role\":\"user\",\"content\":\"first\"},{\"role\":\"assistant\",\"content\":\"ok\"},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"" + longText + "\"}]}]";

        JsonNode body = json(http.post(CHAT, chat("", messages)));

        assertThat(body.at("/choices/0/message/content").asText())
                .isEqualTo("mock reply to: " + longText.substring(0, 40));
    }

    @Test
    void answerWordsMakeTextRepliesThatLongWithFillerWhileToolCallsStayAsTheyAre() {
        http.server().options(MockLlmServer.Options.defaults().withAnswerWords(120));
        try {
            JsonNode body = json(http.post(CHAT, chat("", question())));
            String reply = body.at("/choices/0/message/content").asText();
            assertThat(reply).startsWith("mock reply to: ");
            assertThat(reply.split(" ")).hasSize(120);
            assertThat(body.at("/usage/completion_tokens").asInt()).isEqualTo(120);
            JsonNode tool = json(http.post(CHAT, chat(",\"tools\":[" + WEATHER_TOOL + "]", question())));
            assertThat(tool.at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
        } finally {
            http.server().options(MockLlmServer.Options.defaults());
        }
    }

    @Test
    void toolsGiveACallOfTheFirstToolWithArgumentsFromItsSchema() {
        JsonNode body = json(http.post(CHAT, chat(",\"tools\":[" + WEATHER_TOOL + "," + TIME_TOOL + "]", question())));

        JsonNode choice = body.path("choices").get(0);
        assertThat(choice.path("finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(choice.path("message").path("content").isNull()).isTrue();
        JsonNode call = choice.path("message").path("tool_calls").get(0);
        assertThat(call.path("id").asText()).startsWith("call_");
        assertThat(call.path("type").asText()).isEqualTo("function");
        assertThat(call.at("/function/name").asText()).isEqualTo("get_weather");
        assertThat(parse(call.at("/function/arguments").asText()))
                .isEqualTo(parse("{\"city\":\"mock\",\"days\":1,\"unit\":\"celsius\"}"));
    }

    @Test
    void toolChoiceNoneGivesTextAndANamedChoiceGivesThatTool() {
        String tools = ",\"tools\":[" + WEATHER_TOOL + "," + TIME_TOOL + "]";

        JsonNode none = json(http.post(CHAT, chat(tools + ",\"tool_choice\":\"none\"", question())));
        JsonNode named = json(http.post(
                CHAT,
                chat(
                        tools + ",\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"get_time\"}}",
                        question())));

        assertThat(none.at("/choices/0/message/content").asText()).startsWith("mock reply to: ");
        assertThat(none.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(named.at("/choices/0/message/tool_calls/0/function/name").asText())
                .isEqualTo("get_time");
        assertThat(named.at("/choices/0/message/tool_calls/0/function/arguments")
                        .asText())
                .isEqualTo("{}");
    }

    @Test
    void aToolResultGetsATextReplyUnlessAToolIsRequired() {
        String messages = "[{\"role\":\"user\",\"content\":\"weather?\"},{\"role\":\"assistant\",\"content\":null,"
                + "\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
                + "\"arguments\":\"{}\"}}]},{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"sunny\"}]";

        JsonNode auto = json(http.post(CHAT, chat(",\"tools\":[" + WEATHER_TOOL + "]", messages)));
        JsonNode required =
                json(http.post(CHAT, chat(",\"tools\":[" + WEATHER_TOOL + "],\"tool_choice\":\"required\"", messages)));

        assertThat(auto.at("/choices/0/message/content").asText()).isEqualTo("mock reply to tool result: sunny");
        assertThat(required.at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
    }

    @Test
    void nGivesThatManyChoices() {
        JsonNode body = json(http.post(CHAT, chat(",\"n\":3", question())));

        assertThat(body.path("choices")).hasSize(3);
        assertThat(body.at("/choices/2/index").asInt()).isEqualTo(2);
        assertThat(body.at("/usage/completion_tokens").asInt()).isEqualTo(27);
    }

    @Test
    void streamSendsRoleChunkContentPiecesFinishUsageAndDone() {
        http.server().options(http.server().options().withChunks(3).withChunkSpacing(Duration.ofMillis(2)));

        HttpResponse<String> response =
                http.post(CHAT, chat(",\"stream\":true," + "\"stream_options\":{\"include_usage\":true}", question()));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("text/event-stream");
        List<String> data = sseData(response.body());
        assertThat(data).hasSize(7).last().isEqualTo("[DONE]");
        JsonNode first = parse(data.get(0));
        assertThat(first.path("object").asText()).isEqualTo("chat.completion.chunk");
        assertThat(first.at("/choices/0/delta/role").asText()).isEqualTo("assistant");
        assertThat(first.at("/choices/0/delta/content").asText()).isEmpty();
        StringBuilder text = new StringBuilder();
        data.subList(1, 4)
                .forEach(
                        d -> text.append(parse(d).at("/choices/0/delta/content").asText()));
        assertThat(text).hasToString("mock reply to: " + QUESTION);
        assertThat(parse(data.get(4)).at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        JsonNode usage = parse(data.get(5));
        assertThat(usage.path("choices")).isEmpty();
        assertThat(usage.at("/usage/total_tokens").asInt()).isEqualTo(20);
    }

    @Test
    void streamWithoutIncludeUsageHasNoUsageChunk() {
        List<String> data =
                sseData(http.post(CHAT, chat(",\"stream\":true", question())).body());

        assertThat(data).hasSize(1 + 5 + 1 + 1);
        assertThat(data).noneMatch(d -> d.contains("\"usage\""));
    }

    @Test
    void streamedToolCallSendsTheCallThenArgumentFragments() {
        List<String> data =
                sseData(http.post(CHAT, chat(",\"stream\":true,\"tools\":[" + WEATHER_TOOL + "]", question()))
                        .body());

        JsonNode first = parse(data.get(0)).at("/choices/0/delta/tool_calls/0");
        assertThat(first.path("index").asInt()).isZero();
        assertThat(first.path("id").asText()).startsWith("call_");
        assertThat(first.path("type").asText()).isEqualTo("function");
        assertThat(first.at("/function/name").asText()).isEqualTo("get_weather");
        assertThat(first.at("/function/arguments").asText()).isEmpty();
        StringBuilder arguments = new StringBuilder();
        data.subList(1, data.size() - 2)
                .forEach(d -> arguments.append(parse(d).at("/choices/0/delta/tool_calls/0/function/arguments")
                        .asText()));
        assertThat(parse(arguments.toString())).isEqualTo(parse("{\"city\":\"mock\",\"days\":1,\"unit\":\"celsius\"}"));
        assertThat(parse(data.get(data.size() - 2))
                        .at("/choices/0/finish_reason")
                        .asText())
                .isEqualTo("tool_calls");
        assertThat(data).last().isEqualTo("[DONE]");
    }

    @Test
    void embeddingsAreDeterministicUnitVectorsOfTheConfiguredLength() {
        JsonNode one = json(http.post("/v1/embeddings", "{\"model\":\"text-embedding-3-small\",\"input\":\"cat\"}"));
        JsonNode two = json(
                http.post("/v1/embeddings", "{\"model\":\"text-embedding-3-small\"," + "\"input\":[\"cat\",\"dog\"]}"));

        assertThat(one.path("object").asText()).isEqualTo("list");
        assertThat(one.path("model").asText()).isEqualTo("text-embedding-3-small");
        assertThat(one.at("/data/0/object").asText()).isEqualTo("embedding");
        assertThat(one.at("/data/0/embedding")).hasSize(8);
        assertThat(two.at("/data/0/embedding")).isEqualTo(one.at("/data/0/embedding"));
        assertThat(two.at("/data/1/index").asInt()).isEqualTo(1);
        assertThat(two.at("/data/1/embedding")).isNotEqualTo(two.at("/data/0/embedding"));
        double norm = 0;
        for (JsonNode v : one.at("/data/0/embedding")) {
            norm += v.asDouble() * v.asDouble();
        }
        assertThat(norm).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(two.at("/usage/prompt_tokens").asInt()).isEqualTo(2);
        assertThat(two.at("/usage/total_tokens").asInt()).isEqualTo(2);
    }

    @Test
    void embeddingLengthFollowsOptionsAndTheDimensionsParameter() {
        http.server().options(http.server().options().withEmbeddingDimensions(16));

        JsonNode configured = json(http.post("/v1/embeddings", "{\"model\":\"e\",\"input\":\"cat\"}"));
        JsonNode asked = json(http.post("/v1/embeddings", "{\"model\":\"e\",\"input\":\"cat\",\"dimensions\":4}"));
        JsonNode base64 = json(
                http.post("/v1/embeddings", "{\"model\":\"e\",\"input\":\"cat\"," + "\"encoding_format\":\"base64\"}"));

        assertThat(configured.at("/data/0/embedding")).hasSize(16);
        assertThat(asked.at("/data/0/embedding")).hasSize(4);
        ByteBuffer floats = ByteBuffer.wrap(Base64.getDecoder()
                        .decode(base64.at("/data/0/embedding").asText()))
                .order(ByteOrder.LITTLE_ENDIAN);
        assertThat(floats.remaining()).isEqualTo(16 * Float.BYTES);
        assertThat(floats.getFloat(0))
                .isEqualTo(configured.at("/data/0/embedding/0").floatValue());
    }

    @Test
    void modelsListsAFewModels() {
        JsonNode body = json(http.get("/v1/models"));

        assertThat(body.path("object").asText()).isEqualTo("list");
        assertThat(body.path("data").size()).isGreaterThanOrEqualTo(3);
        assertThat(body.at("/data/0/object").asText()).isEqualTo("model");
        assertThat(body.at("/data/0/id").asText()).isNotBlank();
    }

    @Test
    void invalidRequestsGetOpenAiErrors() {
        HttpResponse<String> noModel = http.post(CHAT, "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
        HttpResponse<String> notJson = http.post(CHAT, "not json");
        HttpResponse<String> unknown = http.get("/v1/nothing-here");

        assertThat(noModel.statusCode()).isEqualTo(400);
        assertThat(json(noModel).at("/error/type").asText()).isEqualTo("invalid_request_error");
        assertThat(json(noModel).at("/error/message").asText()).contains("model");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).at("/error/code").asText()).isEqualTo("unknown_url");
    }

    @Test
    void recordsRequestsWithLowerCasedHeadersAndBody() {
        http.post(CHAT, chat("", question()), "Authorization", "Bearer sk-test", "X-Trace", "t1");
        http.get("/v1/models");
        http.post(CHAT, chat("", question()), "Authorization", "Bearer sk-other");

        assertThat(http.server().requestCount()).isEqualTo(3);
        assertThat(http.server().requestCount(CHAT)).isEqualTo(2);
        assertThat(http.server().requestCount("/v1/models")).isEqualTo(1);
        assertThat(http.server().requestCount("/v1/embeddings")).isZero();
        RecordedRequest first = http.server().requests().get(0);
        assertThat(first.method()).isEqualTo("POST");
        assertThat(first.path()).isEqualTo(CHAT);
        assertThat(first.headers())
                .containsEntry("authorization", "Bearer sk-test")
                .containsEntry("x-trace", "t1");
        assertThat(first.header("X-TRACE")).isEqualTo("t1");
        assertThat(first.body().path("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(first.rawBody()).isEqualTo(chat("", question()));
        assertThat(http.server().lastRequest().header("authorization")).isEqualTo("Bearer sk-other");
        assertThat(http.server().requests().get(1).hasJsonBody()).isFalse();
    }

    @Test
    void keepsTheLastHundredRequestsAndResetForgetsThem() {
        for (int i = 0; i < 105; i++) {
            http.post(CHAT, chat(",\"user\":\"u" + i + "\"", question()));
        }

        assertThat(http.server().requests()).hasSize(100);
        assertThat(http.server().requests().get(0).body().path("user").asText()).isEqualTo("u5");
        http.server().reset();
        assertThat(http.server().requestCount()).isZero();
        assertThat(http.server().requestCount(CHAT)).isZero();
        assertThat(http.server().requests()).isEmpty();
        assertThatThrownBy(http.server()::lastRequest).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void latencyOptionAndHeaderDelayButStillAnswer() {
        http.server().options(http.server().options().withLatency(Duration.ofMillis(20)));

        HttpResponse<String> configured = http.post(CHAT, chat("", question()));
        HttpResponse<String> header = http.post(CHAT, chat("", question()), "x-mock-latency-ms", "30");
        HttpResponse<String> bad = http.post(CHAT, chat("", question()), "x-mock-latency-ms", "soon");

        assertThat(configured.statusCode()).isEqualTo(200);
        assertThat(header.statusCode()).isEqualTo(200);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).at("/error/message").asText()).contains("x-mock-latency-ms");
    }

    @Test
    void urlsAndOptionsAreChecked() {
        assertThat(http.server().baseUrl())
                .isEqualTo("http://127.0.0.1:" + http.server().port() + "/v1");
        assertThat(http.server().rootUrl())
                .isEqualTo("http://127.0.0.1:" + http.server().port());
        assertThat(MockLlmServer.Options.defaults())
                .isEqualTo(new MockLlmServer.Options(Duration.ZERO, 5, Duration.ZERO, 8, 0));
        assertThatThrownBy(() -> MockLlmServer.Options.defaults().withChunks(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("chunks");
        assertThatThrownBy(() -> MockLlmServer.Options.defaults().withLatency(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("latency");
        assertThatThrownBy(() -> MockLlmServer.Options.defaults().withAnswerWords(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("answerWords");
        assertThatThrownBy(() -> Fault.status(200)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void mainParsesItsOptions() {
        MockLlmMain.Settings settings = MockLlmMain.parse(new String[] {
            "--port",
            "8091",
            "--latency-ms=5",
            "--chunks",
            "7",
            "--chunk-spacing-ms",
            "3",
            "--embedding-dimensions",
            "32",
            "--answer-words=120"
        });

        assertThat(settings.port()).isEqualTo(8091);
        assertThat(settings.options())
                .isEqualTo(new MockLlmServer.Options(Duration.ofMillis(5), 7, Duration.ofMillis(3), 32, 120));
        assertThat(MockLlmMain.parse(new String[0]).port()).isEqualTo(8090);
        assertThatThrownBy(() -> MockLlmMain.parse(new String[] {"--colour", "red"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--colour");
        assertThatThrownBy(() -> MockLlmMain.parse(new String[] {"--chunks", "0"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--chunks");
    }
}
