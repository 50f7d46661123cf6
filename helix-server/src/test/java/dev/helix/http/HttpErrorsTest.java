package dev.helix.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.testing.Bytes;
import dev.helix.testing.HelixClient;
import dev.helix.testing.HelixClient.Reply;
import dev.helix.testing.HelixServerExtension;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every error status the HTTP edge produces, each as an RFC 9457 problem document. */
class HttpErrorsTest {
    @RegisterExtension
    static HelixServerExtension server = new HelixServerExtension()
            .config(c -> c.toBuilder()
                    .server(s -> s.port(0).maxBodySize(4096).nodeId("test-node"))
                    .build())
            .feature(routes -> routes.get("/api/v1/test/boom", (req, res) -> {
                throw new IllegalStateException("secret internal detail");
            }));

    private final HelixClient client = server.client();

    private static void assertProblem(Reply reply, int status, String detailPart) {
        assertThat(reply.status()).isEqualTo(status);
        assertThat(reply.header("Content-Type")).isEqualTo("application/problem+json");
        JsonNode body = reply.json();
        assertThat(body.get("type").asText()).startsWith("urn:helix:problem:");
        assertThat(body.get("title").asText()).isNotBlank();
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.get("detail").asText()).contains(detailPart);
        assertThat(body.get("instance").asText()).isEqualTo(reply.header("X-Request-Id"));
    }

    @Test
    void malformedJsonNamesLineAndColumn() {
        Reply r = client.postJson("/api/v1/keys", "{\n  \"name\": \"x\",\n  oops\n}");
        assertProblem(r, 400, "malformed JSON at line 3, column 3");
    }

    @Test
    void unknownAndMistypedFieldsAreNamed() {
        assertProblem(
                client.postJson("/api/v1/keys", "{\"name\":\"x\",\"colour\":1}"),
                400,
                "unknown field 'colour' at line 1");
        assertProblem(client.postJson("/api/v1/keys", "{\"name\":{\"a\":1}}"), 400, "field 'name' has the wrong type");
        assertProblem(client.postJson("/api/v1/keys", "[1,2]"), 400, "must be a JSON object");
        assertProblem(client.postJson("/api/v1/keys", ""), 400, "the request body is empty");
        assertProblem(client.postJson("/api/v1/keys", "null"), 400, "JSON null");
    }

    @Test
    void wrongContentTypeIs415() {
        Reply r = client.send(client.request("/api/v1/keys", client.adminKey())
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("name=x")));
        assertProblem(r, 415, "expected Content-Type application/json, got text/plain");
        Reply none = client.send(
                client.request("/api/v1/keys", client.adminKey()).POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertProblem(none, 415, "got none");
    }

    @Test
    void bodiesOverTheLimitAre413WithOrWithoutContentLength() {
        String big = "{\"name\":\"" + "x".repeat(5000) + "\"}";
        assertProblem(client.postJson("/api/v1/keys", big), 413, "limit of 4096 bytes (server.maxBodySize)");
        byte[] bytes = big.getBytes();
        Reply chunked = client.send(client.request("/api/v1/keys", client.adminKey())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))));
        assertThat(chunked.status()).isEqualTo(413);
        assertThat(chunked.header("Content-Type")).isEqualTo("application/problem+json");
    }

    @Test
    void aBodyFarOverTheLimitStillGetsIts413RatherThanAResetConnection() {
        // the server reads what the client sends before answering, so the answer is not lost to a reset
        String big = "{\"name\":\"" + "x".repeat(200_000) + "\"}";
        for (int i = 0; i < 20; i++) {
            assertProblem(client.postJson("/api/v1/keys", big), 413, "(server.maxBodySize)");
        }
    }

    @Test
    void unknownRoutesAre404() {
        assertProblem(client.get("/api/v1/nothing-here"), 404, "no route for GET /api/v1/nothing-here");
        assertProblem(client.get("/nothing", null), 404, "no route");
    }

    @Test
    void wrongMethodsAre405WithAllow() {
        Reply r = client.send(client.request("/status", null).PUT(HttpRequest.BodyPublishers.noBody()));
        assertProblem(r, 405, "PUT is not allowed on /status; allowed: GET, HEAD");
        assertThat(r.header("Allow")).isEqualTo("GET, HEAD");
        Reply keys = client.send(client.request("/api/v1/keys/key_x", null).PUT(HttpRequest.BodyPublishers.noBody()));
        assertThat(keys.header("Allow")).isEqualTo("DELETE, GET, HEAD, PATCH");
    }

    @Test
    void missingOrInvalidKeysAre401WithAChallenge() {
        Reply missing = client.get("/api/v1/me", null);
        assertProblem(missing, 401, "needs an API key");
        assertThat(missing.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"helix\"");
        Reply basic = client.send(client.request("/api/v1/me", null).header("Authorization", "Basic YTpi"));
        assertProblem(basic, 401, "must be 'Bearer hx_");
        assertThat(basic.header("WWW-Authenticate")).contains("error=\"invalid_request\"");
        Reply invalid = client.get("/api/v1/me", "hx_" + "Z".repeat(43));
        assertProblem(invalid, 401, "not valid or has been revoked");
        assertThat(invalid.header("WWW-Authenticate")).contains("error=\"invalid_token\"");
    }

    @Test
    void userKeysOnAdminRoutesAre403() {
        String user = client.postJson("/api/v1/keys", "{\"name\":\"u\",\"role\":\"user\"}")
                .json()
                .get("key")
                .asText();
        assertProblem(
                client.get("/api/v1/keys", user), 403, "GET /api/v1/keys needs the admin role; key 'u' has role user");
    }

    @Test
    void unexpectedFailuresAre500WithTheRequestIdAndNoDetails() {
        Reply r = client.send(
                client.request("/api/v1/test/boom", client.adminKey()).header("X-Request-Id", "trace-42"));
        assertProblem(r, 500, "quote request id trace-42");
        assertThat(r.body())
                .doesNotContain("secret internal detail")
                .doesNotContain("IllegalStateException")
                .doesNotContain("at dev.helix");
    }

    @Test
    void requestIdsAreHonouredOrGenerated() {
        assertThat(client.send(client.request("/health/live", null).header("X-Request-Id", "abc-123"))
                        .header("X-Request-Id"))
                .isEqualTo("abc-123");
        assertThat(client.get("/health/live", null).header("X-Request-Id")).matches("[0-9a-f]{16}");
        String hostile = "x".repeat(300);
        assertThat(client.send(client.request("/health/live", null).header("X-Request-Id", hostile))
                        .header("X-Request-Id"))
                .matches("[0-9a-f]{16}");
    }

    @Test
    void bodiesThatAreNotUtf8JsonTextAre400() {
        byte[] utf16 = "{\"name\":\"x\"}".getBytes(StandardCharsets.UTF_16LE);
        assertProblem(
                client.sendBytes("POST", "/api/v1/keys", client.adminKey(), "application/json", utf16),
                400,
                "the request body is not valid JSON text: a NUL byte at byte 1 (JSON text is UTF-8 and has none)");
        byte[] utf16WithBom = "{\"name\":\"x\"}".getBytes(StandardCharsets.UTF_16);
        assertProblem(
                client.sendBytes("POST", "/api/v1/keys", client.adminKey(), "application/json", utf16WithBom),
                400,
                "the bytes FE FF 00 7B at byte 0 are not well-formed UTF-8");
        byte[] overlong = Bytes.of("{\"name\":\"", 0xC0, 0xAF, "\"}");
        Reply refused = client.sendBytes("POST", "/api/v1/keys", client.adminKey(), "application/json", overlong);
        assertProblem(refused, 400, "");
        assertThat(refused.json().get("detail").asText())
                .isEqualTo("the request body is not valid JSON text: the "
                        + "bytes C0 AF 22 7D at byte 9 are not well-formed UTF-8 (JSON text must be UTF-8)");
    }

    @Test
    void pathParametersAndEscapesOfControlCharactersOrBrokenUtf8Are400() {
        assertProblem(client.get("/api/v1/me;x=1"), 400, "the path /api/v1/me;x=1 has a ';' parameter");
        assertProblem(client.get("/api/v1/keys;"), 400, "has a ';' parameter");
        assertProblem(
                client.get("/api/v1/keys/key_x%00"),
                400,
                "the path /api/v1/keys/key_x%00 has an escaped " + "control character (%00)");
        assertProblem(
                client.get("/api/v1/agents/a%C0%AFb"),
                400,
                "has percent-escapes that are not UTF-8 (the " + "bytes C0 AF 62)");
        assertProblem(
                client.get("/api/v1/state?path=%2Fa&x=%0A"),
                400,
                "query parameter 'x' has an escaped control " + "character (%0A)");
        assertProblem(
                client.get("/api/v1/state?path=%ED%A0%80"),
                400,
                "query parameter 'path' has percent-escapes " + "that are not UTF-8");
        assertThat(client.get("/api/v1/agents/%C3%A9").status()).as("é is fine").isEqualTo(404);
        Reply gateway = client.get("/v1/models;x");
        assertThat(gateway.status()).isEqualTo(400);
        assertThat(gateway.json().get("error").get("message").asText()).contains("has a ';' parameter");
    }

    @Test
    void methodsAreCaseSensitiveSoALowerCaseOneIs400() throws Exception {
        String user = client.postJson("/api/v1/keys", "{\"name\":\"lc\",\"role\":\"user\"}")
                .json()
                .get("key")
                .asText();
        for (String method : List.of("get", "Get", "delete")) {
            String answer =
                    raw(method + " /api/v1/me HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + user + "\r\n\r\n");
            assertThat(answer)
                    .startsWith("HTTP/1.1 400 ")
                    .contains("the method '" + method + "' is not one Helix " + "serves: methods are case-sensitive");
        }
        assertThat(raw("GET /api/v1/me HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + user + "\r\n\r\n"))
                .startsWith("HTTP/1.1 200 ");
    }

    /** Sends {@code request} as it is on a new connection and answers the response's head and body. */
    private static String raw(String request) throws Exception {
        try (Socket socket =
                new Socket("127.0.0.1", URI.create(server.client().base()).getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = socket.getInputStream();
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                head.append((char) in.read());
            }
            Matcher length = Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
            int bodyLength = length.find() ? Integer.parseInt(length.group(1)) : 0;
            return head + new String(in.readNBytes(bodyLength), StandardCharsets.UTF_8);
        }
    }
}
