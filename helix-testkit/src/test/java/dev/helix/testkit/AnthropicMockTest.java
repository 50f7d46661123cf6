package dev.helix.testkit;

import static dev.helix.testkit.MockHttp.json;
import static dev.helix.testkit.MockHttp.parse;
import static dev.helix.testkit.MockHttp.sseData;
import static dev.helix.testkit.MockHttp.sseEvents;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Anthropic Messages API of {@link MockLlmServer}. */
@Timeout(20)
class AnthropicMockTest {
    private static final String MESSAGES = "/v1/messages";
    private static final String[] AUTH = {"x-api-key", "sk-ant-test", "anthropic-version", "2023-06-01"};
    private static final String TOOL = """
            {"name":"lookup","description":"Look a word up","input_schema":{"type":"object",
             "properties":{"word":{"type":"string"},"exact":{"type":"boolean"}},"required":["word"]}}""";

    @RegisterExtension
    static final MockHttp http = MockHttp.sharedServer();

    private static String request(String extra, String messages) {
        return "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":256" + extra + ",\"messages\":" + messages + "}";
    }

    private static String hello() {
        return "[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Hello Claude\"}]}]";
    }

    @Test
    void answersATextMessageWithUsage() {
        HttpResponse<String> response = http.post(MESSAGES, request(",\"system\":\"Be kind.\"", hello()), AUTH);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.path("id").asText()).startsWith("msg_");
        assertThat(body.path("type").asText()).isEqualTo("message");
        assertThat(body.path("role").asText()).isEqualTo("assistant");
        assertThat(body.path("model").asText()).isEqualTo("claude-sonnet-4-5");
        assertThat(body.at("/content/0/type").asText()).isEqualTo("text");
        assertThat(body.at("/content/0/text").asText()).isEqualTo("mock reply to: Hello Claude");
        assertThat(body.path("stop_reason").asText()).isEqualTo("end_turn");
        assertThat(body.at("/usage/input_tokens").asInt()).isEqualTo(5); // (8 + 12) chars / 4
        assertThat(body.at("/usage/output_tokens").asInt()).isEqualTo(5);
        assertThat(body.at("/usage/cache_read_input_tokens").isInt()).isTrue();
        assertThat(body.at("/usage/cache_creation_input_tokens").isInt()).isTrue();
    }

    @Test
    void missingKeyIs401AndMissingVersionIs400InAnthropicShape() {
        HttpResponse<String> noKey = http.post(MESSAGES, request("", hello()), "anthropic-version", "2023-06-01");
        HttpResponse<String> noVersion = http.post(MESSAGES, request("", hello()), "x-api-key", "k");
        HttpResponse<String> noMaxTokens = http.post(MESSAGES, "{\"model\":\"c\",\"messages\":" + hello() + "}", AUTH);

        assertThat(noKey.statusCode()).isEqualTo(401);
        assertThat(json(noKey).path("type").asText()).isEqualTo("error");
        assertThat(json(noKey).at("/error/type").asText()).isEqualTo("authentication_error");
        assertThat(noVersion.statusCode()).isEqualTo(400);
        assertThat(json(noVersion).at("/error/type").asText()).isEqualTo("invalid_request_error");
        assertThat(json(noVersion).at("/error/message").asText()).contains("anthropic-version");
        assertThat(noMaxTokens.statusCode()).isEqualTo(400);
        assertThat(json(noMaxTokens).at("/error/message").asText()).contains("max_tokens");
    }

    @Test
    void toolsGiveAToolUseBlock() {
        JsonNode body = json(http.post(MESSAGES, request(",\"tools\":[" + TOOL + "]", hello()), AUTH));

        assertThat(body.path("stop_reason").asText()).isEqualTo("tool_use");
        JsonNode block = body.at("/content/0");
        assertThat(block.path("type").asText()).isEqualTo("tool_use");
        assertThat(block.path("id").asText()).startsWith("toolu_");
        assertThat(block.path("name").asText()).isEqualTo("lookup");
        assertThat(block.path("input")).isEqualTo(parse("{\"word\":\"mock\",\"exact\":true}"));
    }

    @Test
    void aToolResultGetsATextReply() {
        String messages = "[{\"role\":\"user\",\"content\":\"define mock\"},{\"role\":\"assistant\",\"content\":"
                + "[{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"lookup\",\"input\":{\"word\":\"mock\"}}]},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_1\","
                + "\"content\":\"an imitation\"}]}]";

        JsonNode body = json(http.post(MESSAGES, request(",\"tools\":[" + TOOL + "]", messages), AUTH));

        assertThat(body.path("stop_reason").asText()).isEqualTo("end_turn");
        assertThat(body.at("/content/0/text").asText()).isEqualTo("mock reply to tool result: an imitation");
    }

    @Test
    void streamsAnthropicEvents() {
        HttpResponse<String> response = http.post(MESSAGES, request(",\"stream\":true", hello()), AUTH);

        assertThat(response.headers().firstValue("content-type")).hasValue("text/event-stream");
        List<String> names = sseEvents(response.body());
        assertThat(names)
                .startsWith("message_start", "content_block_start")
                .endsWith("content_block_stop", "message_delta", "message_stop");
        assertThat(names).filteredOn("content_block_delta"::equals).hasSize(5);
        List<JsonNode> data =
                sseData(response.body()).stream().map(MockHttp::parse).toList();
        assertThat(data.get(0).at("/message/usage/input_tokens").asInt()).isEqualTo(3);
        assertThat(data.get(1).at("/content_block/type").asText()).isEqualTo("text");
        StringBuilder text = new StringBuilder();
        data.stream()
                .filter(d -> d.path("type").asText().equals("content_block_delta"))
                .peek(d -> assertThat(d.at("/delta/type").asText()).isEqualTo("text_delta"))
                .forEach(d -> text.append(d.at("/delta/text").asText()));
        assertThat(text).hasToString("mock reply to: Hello Claude");
        JsonNode messageDelta = data.get(data.size() - 2);
        assertThat(messageDelta.at("/delta/stop_reason").asText()).isEqualTo("end_turn");
        assertThat(messageDelta.at("/usage/output_tokens").asInt()).isEqualTo(5);
    }

    @Test
    void streamsAToolUseAsInputJsonDeltas() {
        String body = http.post(MESSAGES, request(",\"stream\":true,\"tools\":[" + TOOL + "]", hello()), AUTH)
                .body();

        List<JsonNode> data = sseData(body).stream().map(MockHttp::parse).toList();
        JsonNode start = data.get(1).path("content_block");
        assertThat(start.path("type").asText()).isEqualTo("tool_use");
        assertThat(start.path("name").asText()).isEqualTo("lookup");
        assertThat(start.path("input")).isEmpty();
        StringBuilder json = new StringBuilder();
        data.stream()
                .filter(d -> d.at("/delta/type").asText().equals("input_json_delta"))
                .forEach(d -> json.append(d.at("/delta/partial_json").asText()));
        assertThat(parse(json.toString())).isEqualTo(parse("{\"word\":\"mock\",\"exact\":true}"));
        assertThat(data.get(data.size() - 2).at("/delta/stop_reason").asText()).isEqualTo("tool_use");
    }

    @Test
    void statusFaultsUseTheAnthropicErrorShape() {
        HttpResponse<String> response =
                http.post(MESSAGES, request("", hello()), "x-mock-status", "529", AUTH[0], AUTH[1], AUTH[2], AUTH[3]);

        assertThat(response.statusCode()).isEqualTo(529);
        assertThat(json(response).path("type").asText()).isEqualTo("error");
        assertThat(json(response).at("/error/type").asText()).isEqualTo("overloaded_error");
    }
}
