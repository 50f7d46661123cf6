package dev.helix.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.testing.Bytes;
import dev.helix.testing.HelixClient;
import dev.helix.testkit.Fault;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every way a gateway request can be wrong gets an OpenAI-shaped error with the right status, and costs nothing. */
@Timeout(60)
class GatewayBadInputTest {
    @RegisterExtension
    static final GatewayServer server = new GatewayServer(
            c -> c.toBuilder().server(s -> s.port(0).maxBodySize(64 * 1024)).build());

    static final GatewayFixture MOCKS = server.mocks;

    private final HelixClient client = server.client();

    private JsonNode error(HelixClient.Reply reply, int status) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.header("content-type")).startsWith("application/json");
        JsonNode error = reply.json().get("error");
        assertThat(error).as(reply.body()).isNotNull();
        assertThat(error.has("message") && error.has("type") && error.has("code") && error.has("param"))
                .isTrue();
        return error;
    }

    private HelixClient.Reply post(String body) {
        return client.send("POST", "/v1/chat/completions", client.adminKey(), "application/json", body);
    }

    @Test
    void malformedJsonIs400() {
        JsonNode error = error(post("{\"model\": \"fast\", "), 400);
        assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.get("message").asText()).contains("malformed JSON");
    }

    @Test
    void anUnknownModelIs404ListingTheModels() {
        JsonNode error = error(post(GatewayTest.chat("gpt-9", "")), 404);
        assertThat(error.get("code").asText()).isEqualTo("model_not_found");
        assertThat(error.get("param").asText()).isEqualTo("model");
        assertThat(error.get("message").asText()).contains("'gpt-9'").contains("fast, solo, backup");
    }

    @Test
    void missingMessagesIs400NamingTheParameter() {
        JsonNode error = error(post("{\"model\":\"fast\"}"), 400);
        assertThat(error.get("param").asText()).isEqualTo("messages");
        error = error(post("{\"model\":\"fast\",\"messages\":[{\"role\":\"robot\",\"content\":\"x\"}]}"), 400);
        assertThat(error.get("param").asText()).isEqualTo("messages[0].role");
        error = error(post("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"), 400);
        assertThat(error.get("param").asText()).isEqualTo("model");
    }

    @Test
    void anInvalidToolSchemaIs400() {
        JsonNode error = error(
                post(GatewayTest.chat(
                        "fast",
                        ",\"tools\":[{\"type\":\"function\",\"function\":"
                                + "{\"name\":\"get weather\",\"parameters\":{\"type\":\"object\"}}}]")),
                400);
        assertThat(error.get("param").asText()).isEqualTo("tools[0].function.name");
        error = error(
                post(GatewayTest.chat(
                        "fast",
                        ",\"tools\":[{\"type\":\"function\",\"function\":"
                                + "{\"name\":\"w\",\"parameters\":[1,2]}}]")),
                400);
        assertThat(error.get("param").asText()).isEqualTo("tools[0].function.parameters");
        error = error(
                post(GatewayTest.chat(
                        "fast", ",\"tool_choice\":{\"type\":\"function\",\"function\":" + "{\"name\":\"nope\"}}")),
                400);
        assertThat(error.get("param").asText()).isEqualTo("tool_choice");
        assertThat(MOCKS.primary.requestCount()).isZero();
    }

    @Test
    void anOversizeBodyIs413() {
        String big = "x".repeat(64 * 1024 + 10);
        JsonNode error = error(post(GatewayTest.chat("fast", ",\"user\":\"" + big + "\"")), 413);
        assertThat(error.get("message").asText()).contains("server.maxBodySize");
    }

    @Test
    void noKeyIs401AndAWrongContentTypeIs415() {
        JsonNode error = error(
                client.send("POST", "/v1/chat/completions", null, "application/json", GatewayTest.chat("fast", "")),
                401);
        assertThat(error.get("type").asText()).isEqualTo("authentication_error");
        error(client.send("POST", "/v1/chat/completions", client.adminKey(), "text/plain", "hi"), 415);
        error(
                client.send(
                        "POST",
                        "/v1/chat/completions",
                        client.adminKey(),
                        "application/json",
                        GatewayTest.chat("fast", ""),
                        "x-helix-cache",
                        "sometimes"),
                400);
        error(client.get("/v1/nothing-here"), 404);
    }

    @Test
    void invalidUtf8DuplicateMembersAndNumbersBeyondADoubleAre400() {
        long calls = MOCKS.primary.requestCount() + MOCKS.secondary.requestCount();
        byte[] overlong =
                Bytes.of("{\"model\":\"fast\",\"messages\":[{\"role\":\"user\",\"content\":\"", 0xC0, 0xAF, "\"}]}");
        JsonNode error = error(
                client.sendBytes("POST", "/v1/chat/completions", client.adminKey(), "application/json", overlong), 400);
        assertThat(error.get("code").asText()).isEqualTo("invalid_json");
        assertThat(error.get("message").asText()).contains("the bytes C0 AF").contains("not well-formed UTF-8");
        error = error(
                post("{\"model\":\"fast\",\"model\":\"smart\",\"messages\":[{\"role\":\"user\","
                        + "\"content\":\"x\"}]}"),
                400);
        assertThat(error.get("message").asText()).startsWith("member 'model' appears twice");
        error = error(post(GatewayTest.chat("fast", ",\"temperature\":1e999")), 400);
        assertThat(error.get("message").asText())
                .startsWith("the number 1e999 in member 'temperature' is beyond the "
                        + "range of a double (at most ±1.7976931348623157E308)");
        error = error(
                client.sendBytes(
                        "POST",
                        "/v1/embeddings",
                        client.adminKey(),
                        "application/json",
                        Bytes.of("{\"model\":\"fast\",\"input\":\"", 0xF4, 0x90, 0x80, 0x80, "\"}")),
                400);
        assertThat(error.get("message").asText()).contains("the bytes F4 90 80 80");
        assertThat(MOCKS.primary.requestCount() + MOCKS.secondary.requestCount())
                .isEqualTo(calls);
    }

    @Test
    void theCacheHeaderTakesExactlyOnOrOff() {
        for (String value : List.of("ON", "Off", "1")) {
            JsonNode error = error(
                    client.send(
                            "POST",
                            "/v1/chat/completions",
                            client.adminKey(),
                            "application/json",
                            GatewayTest.chat("fast", ""),
                            "x-helix-cache",
                            value),
                    400);
            assertThat(error.get("message").asText()).as(value).contains("expected on or off");
        }
    }

    @Test
    void anUpstreamRejectionOfTheRequestIsPassedOnWithoutFailover() {
        MOCKS.primary.failNext(1, Fault.status(400));
        JsonNode error = error(post(GatewayTest.chat("fast", "")), 400);
        assertThat(error.get("message").asText()).contains("provider primary answered 400");
        assertThat(MOCKS.secondary.requestCount()).isZero();
    }

    @Test
    void repeatedFailuresOpenTheBreakerSoTheDeploymentIsNotCalled() {
        MOCKS.secondary.alwaysFail(Fault.status(503));
        try {
            int status = 0;
            for (int i = 0; i < 5 && status != 503; i++) {
                status = post(GatewayTest.chat("breakable", "")).status();
                assertThat(status).isIn(502, 503);
            }
            long calls = MOCKS.secondary.requestCount();
            JsonNode error = error(post(GatewayTest.chat("breakable", "")), 503);
            assertThat(error.get("message").asText()).contains("circuit breaker open");
            assertThat(MOCKS.secondary.requestCount()).isEqualTo(calls);
            assertThat(client.get("/metrics").body())
                    .containsPattern("helix_gateway_breaker_state\\{deployment=\"secondary/breakable-1\"[^}]*} 2.0");
        } finally {
            MOCKS.secondary.clearFaults();
        }
    }
}
