package dev.helix.testkit;

import static dev.helix.testkit.MockHttp.json;
import static dev.helix.testkit.MockHttp.parse;
import static dev.helix.testkit.MockHttp.sseData;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Gemini API of {@link MockLlmServer}, including routing of {@code {model}:{method}} paths. */
@Timeout(20)
class GeminiMockTest {
    private static final String MODEL = "/v1beta/models/gemini-2.5-flash";
    private static final String[] KEY = {"x-goog-api-key", "AIza-test"};
    private static final String TOOLS = """
            ,"tools":[{"functionDeclarations":[{"name":"find_flight","description":"Find flights",
             "parameters":{"type":"OBJECT","properties":{"from":{"type":"STRING"},"seats":{"type":"INTEGER"}}}}]}]""";

    @RegisterExtension
    static final MockHttp http = MockHttp.sharedServer();

    private static String request(String extra) {
        return "{\"systemInstruction\":{\"parts\":[{\"text\":\"Be brief.\"}]},\"contents\":[{\"role\":\"user\","
                + "\"parts\":[{\"text\":\"Hello Gemini\"}]}],\"generationConfig\":{\"temperature\":0}" + extra + "}";
    }

    @Test
    void generateContentRoutesTheModelAndMethodAndAnswersText() {
        HttpResponse<String> response = http.post(MODEL + ":generateContent", request(""), KEY);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        JsonNode candidate = body.at("/candidates/0");
        assertThat(candidate.at("/content/role").asText()).isEqualTo("model");
        assertThat(candidate.at("/content/parts/0/text").asText()).isEqualTo("mock reply to: Hello Gemini");
        assertThat(candidate.path("finishReason").asText()).isEqualTo("STOP");
        JsonNode usage = body.path("usageMetadata");
        assertThat(usage.path("promptTokenCount").asInt()).isEqualTo(6); // (9 + 12) chars / 4, rounded up
        assertThat(usage.path("candidatesTokenCount").asInt()).isEqualTo(5);
        assertThat(usage.path("totalTokenCount").asInt()).isEqualTo(11);
        assertThat(usage.path("cachedContentTokenCount").isInt()).isTrue();
        assertThat(usage.path("thoughtsTokenCount").isInt()).isTrue();
        assertThat(body.path("modelVersion").asText()).isEqualTo("gemini-2.5-flash");
        assertThat(http.server().lastRequest().path()).isEqualTo(MODEL + ":generateContent");
        assertThat(http.server().requestCount(MODEL + ":generateContent")).isEqualTo(1);
    }

    @Test
    void functionDeclarationsGiveAFunctionCallAndAResponseGetsText() {
        String afterCall = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"fly\"}]},{\"role\":\"model\","
                + "\"parts\":[{\"functionCall\":{\"name\":\"find_flight\",\"args\":{}}}]},{\"role\":\"user\","
                + "\"parts\":[{\"functionResponse\":{\"name\":\"find_flight\",\"response\":{\"n\":2}}}]}]"
                + TOOLS + "}";

        JsonNode call = json(http.post(MODEL + ":generateContent", request(TOOLS), KEY));
        JsonNode text = json(http.post(MODEL + ":generateContent", afterCall, KEY));

        JsonNode functionCall = call.at("/candidates/0/content/parts/0/functionCall");
        assertThat(functionCall.path("name").asText()).isEqualTo("find_flight");
        assertThat(functionCall.path("args")).isEqualTo(parse("{\"from\":\"mock\",\"seats\":1}"));
        assertThat(call.at("/candidates/0/finishReason").asText()).isEqualTo("STOP");
        assertThat(text.at("/candidates/0/content/parts/0/text").asText())
                .isEqualTo("mock reply to tool result: {\"n\":2}");
    }

    @Test
    void streamGenerateContentSendsSseChunksWithUsageOnTheLast() {
        HttpResponse<String> response = http.post(MODEL + ":streamGenerateContent?alt=sse", request(""), KEY);

        assertThat(response.headers().firstValue("content-type")).hasValue("text/event-stream");
        List<JsonNode> chunks =
                sseData(response.body()).stream().map(MockHttp::parse).toList();
        assertThat(chunks).hasSize(5);
        StringBuilder text = new StringBuilder();
        chunks.forEach(
                c -> text.append(c.at("/candidates/0/content/parts/0/text").asText()));
        assertThat(text).hasToString("mock reply to: Hello Gemini");
        assertThat(chunks.subList(0, 4)).allMatch(c -> !c.has("usageMetadata"));
        JsonNode last = chunks.get(4);
        assertThat(last.at("/candidates/0/finishReason").asText()).isEqualTo("STOP");
        assertThat(last.at("/usageMetadata/totalTokenCount").asInt()).isEqualTo(11);
        assertThat(response.body()).doesNotContain("[DONE]");
    }

    @Test
    void embeddingsAnswerVectorsOfTheConfiguredLength() {
        JsonNode batch = json(http.post(
                "/v1beta/models/text-embedding-004:batchEmbedContents",
                "{\"requests\":[{\"model\":\"models/text-embedding-004\",\"content\":{\"parts\":[{\"text\":\"a\"}]}},"
                        + "{\"model\":\"models/text-embedding-004\",\"content\":{\"parts\":[{\"text\":\"b\"}]},"
                        + "\"outputDimensionality\":3}]}",
                KEY));
        JsonNode single = json(http.post(
                "/v1beta/models/text-embedding-004:embedContent", "{\"content\":{\"parts\":[{\"text\":\"a\"}]}}", KEY));

        assertThat(batch.path("embeddings")).hasSize(2);
        assertThat(batch.at("/embeddings/0/values")).hasSize(8);
        assertThat(batch.at("/embeddings/1/values")).hasSize(3);
        assertThat(single.at("/embedding/values")).isEqualTo(batch.at("/embeddings/0/values"));
    }

    @Test
    void missingKeyIs403AndUnknownMethodIs404InGoogleShape() {
        HttpResponse<String> noKey = http.post(MODEL + ":generateContent", request(""));
        HttpResponse<String> queryKey = http.post(MODEL + ":generateContent?key=AIza-test", request(""));
        HttpResponse<String> unknown = http.post(MODEL + ":dance", request(""), KEY);

        assertThat(noKey.statusCode()).isEqualTo(403);
        assertThat(json(noKey).at("/error/code").asInt()).isEqualTo(403);
        assertThat(json(noKey).at("/error/status").asText()).isEqualTo("PERMISSION_DENIED");
        assertThat(queryKey.statusCode()).isEqualTo(200);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).at("/error/status").asText()).isEqualTo("NOT_FOUND");
    }

    @Test
    void statusFaultsUseTheGoogleErrorShape() {
        HttpResponse<String> response =
                http.post(MODEL + ":generateContent", request(""), "x-mock-status", "503", KEY[0], KEY[1]);

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(json(response).at("/error/code").asInt()).isEqualTo(503);
        assertThat(json(response).at("/error/status").asText()).isEqualTo("UNAVAILABLE");
    }
}
