package dev.helix.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.access.Role;
import dev.helix.internal.Json;
import dev.helix.testing.Bytes;
import dev.helix.testing.HelixClient;
import dev.helix.testing.HelixClient.Reply;
import dev.helix.testing.HelixServerExtension;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The commands API over HTTP, with test-only commands registered through the same SPI as the built-ins. */
class CommandsApiTest {
    @RegisterExtension
    static HelixServerExtension server = new HelixServerExtension();

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static String userKey;

    private final HelixClient client = server.client();

    @BeforeAll
    static void registerTestCommands() {
        server.helix()
                .commands()
                .register(
                        CommandSpec.builder("test.echo")
                                .summary("Echoes its arguments")
                                .argument(ArgumentSpec.required("text", ArgType.STRING, "what to say"))
                                .argument(ArgumentSpec.optional("count", ArgType.INTEGER, "how often")
                                        .withDefault(1))
                                .argument(ArgumentSpec.optional("data", ArgType.JSON, "anything"))
                                .build(),
                        () -> (context, args) -> args.toJson())
                .register(
                        CommandSpec.builder("test.counter")
                                .summary("Counts runs")
                                .idempotent()
                                .cacheFor(Duration.ofHours(1), "test.changed")
                                .build(),
                        () -> (context, args) -> Map.of("run", COUNTER.incrementAndGet()))
                .register(
                        CommandSpec.builder("test.admin")
                                .summary("Admins only")
                                .role(Role.ADMIN)
                                .argument(ArgumentSpec.required("n", ArgType.INTEGER, "a number"))
                                .build(),
                        () -> (context, args) -> "secret admin result")
                .register(CommandSpec.builder("test.boom").summary("Fails").build(), () -> (context, args) -> {
                    throw new IllegalStateException("secret internal detail");
                })
                .register(
                        CommandSpec.builder("test.missing")
                                .summary("Finds nothing")
                                .build(),
                        () -> (context, args) -> {
                            throw CommandException.notFound("no value at path /nowhere");
                        });
        userKey = server.client()
                .postJson("/api/v1/keys", "{\"name\":\"uma\",\"role\":\"user\"}")
                .json()
                .get("key")
                .asText();
    }

    private Reply text(String commandText) {
        return client.postJson("/api/v1/commands", json(Map.of("text", commandText)));
    }

    private static String json(Object value) {
        return new String(Json.bytes(value), StandardCharsets.UTF_8);
    }

    private static void assertProblem(Reply reply, int status, String type, String detail) {
        assertThat(reply.status()).isEqualTo(status);
        assertThat(reply.header("Content-Type")).isEqualTo("application/problem+json");
        JsonNode body = reply.json();
        assertThat(body.get("type").asText()).isEqualTo("urn:helix:problem:" + type);
        assertThat(body.get("detail").asText()).isEqualTo(detail);
        assertThat(body.get("instance").asText()).isEqualTo(reply.header("X-Request-Id"));
    }

    @Test
    void everyRouteNeedsAKey() {
        assertThat(client.get("/api/v1/commands", null).status()).isEqualTo(401);
        assertThat(client.get("/api/v1/commands/ping", null).status()).isEqualTo(401);
        assertThat(client.postJson("/api/v1/commands/ping", "{}", null).status())
                .isEqualTo(401);
        assertThat(client.postJson("/api/v1/commands", "{\"text\":\"!ping\"}", null)
                        .status())
                .isEqualTo(401);
    }

    @Test
    void listingShowsEveryCommandAndWhatTheCallerMayRun() {
        Reply r = client.get("/api/v1/commands", userKey);
        assertThat(r.status()).isEqualTo(200);
        JsonNode data = r.json().get("data");
        Map<String, JsonNode> byName = IntStream.range(0, data.size())
                .mapToObj(data::get)
                .collect(Collectors.toMap(c -> c.get("name").asText(), c -> c));
        assertThat(byName).containsKeys("help", "ping", "whoami", "test.echo", "test.admin");
        assertThat(byName.get("test.admin").get("allowed").asBoolean()).isFalse();
        assertThat(byName.get("test.admin").get("role").asText()).isEqualTo("admin");
        assertThat(byName.get("ping").get("allowed").asBoolean()).isTrue();
        assertThat(byName.get("test.counter").get("cacheTtlMs").asLong()).isEqualTo(3_600_000);
        assertThat(byName.get("test.counter").get("invalidatedBy").get(0).asText())
                .isEqualTo("test.changed");
        JsonNode echo = byName.get("test.echo");
        assertThat(echo.get("usage").asText()).isEqualTo("!test echo <text> [count] [data]");
        assertThat(echo.get("arguments").get(1).toString())
                .isEqualTo("{\"name\":\"count\",\"type\":\"integer\","
                        + "\"required\":false,\"default\":1,\"description\":\"how often\"}");
        assertThat(client.get("/api/v1/commands").json().get("data").findValues("allowed"))
                .allSatisfy(a -> assertThat(a.asBoolean()).isTrue());
    }

    @Test
    void oneCommandIsDescribedAndUnknownOnesSuggestNames() {
        Reply help = client.get("/api/v1/commands/help", userKey);
        assertThat(help.status()).isEqualTo(200);
        assertThat(help.json().get("usage").asText()).isEqualTo("!help [command...]");
        assertThat(help.json().get("arguments").get(0).get("rest").asBoolean()).isTrue();
        Reply unknown = client.get("/api/v1/commands/pnig", userKey);
        assertProblem(unknown, 404, "unknown-command", "unknown command 'pnig'; did you mean 'ping'?");
        assertThat(unknown.json().get("suggestions").get(0).asText()).isEqualTo("ping");
        assertProblem(
                client.get("/api/v1/commands/" + "x".repeat(65), userKey),
                400,
                "invalid-command",
                "command names are at most 64 characters; got 65");
    }

    @Test
    void runningByNameAnswersWithTheResult() {
        Reply pong =
                client.send(client.request("/api/v1/commands/ping", userKey).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(pong.status()).isEqualTo(200);
        JsonNode body = pong.json();
        assertThat(body.get("command").asText()).isEqualTo("ping");
        assertThat(body.get("result").get("reply").asText()).isEqualTo("pong");
        assertThat(body.get("result").get("serverTime").asText()).isNotBlank();
        assertThat(body.get("cached").asBoolean()).isFalse();
        assertThat(body.get("durationMs").isNumber()).isTrue();

        Reply echo = client.postJson(
                "/api/v1/commands/test.echo", "{\"args\":{\"text\":\"hi\",\"data\":{\"k\":[1,2]}}}", userKey);
        assertThat(echo.json().get("result").toString())
                .isEqualTo("{\"text\":\"hi\",\"data\":{\"k\":[1,2]},\"count\":1}");

        JsonNode me =
                client.postJson("/api/v1/commands/whoami", "{}", userKey).json().get("result");
        assertThat(me.get("name").asText()).isEqualTo("uma");
        assertThat(me.get("role").asText()).isEqualTo("user");
        assertThat(me.get("id").asText()).startsWith("key_");
    }

    @Test
    void chatTextRunsWithPositionalNamedAndJsonArguments() {
        Reply r = text("!test echo \"hello world\" 3 {\"x\": 1, \"y\": [1, 2]}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("command").asText()).isEqualTo("test.echo");
        assertThat(r.json().get("result").toString())
                .isEqualTo("{\"text\":\"hello world\",\"count\":3,\"data\":{\"x\":1,\"y\":[1,2]}}");
        assertThat(text("!test.echo hi data=plain count=2").json().get("result").toString())
                .isEqualTo("{\"text\":\"hi\",\"data\":\"plain\",\"count\":2}");
        assertThat(text("!help test echo").json().get("result").get("name").asText())
                .isEqualTo("test.echo");
    }

    @Test
    void idempotentResultsAreCached() {
        JsonNode first = client.postJson("/api/v1/commands/test.counter", "{}").json();
        JsonNode second = text("!test counter").json();
        assertThat(first.get("cached").asBoolean()).isFalse();
        assertThat(second.get("cached").asBoolean()).isTrue();
        assertThat(second.get("result")).isEqualTo(first.get("result"));
        JsonNode asUser =
                client.postJson("/api/v1/commands/test.counter", "{}", userKey).json();
        assertThat(asUser.get("cached").asBoolean())
                .as("results are shared per role")
                .isFalse();
    }

    @Test
    void badArgumentsAre400NamingTheArgumentAndType() {
        assertProblem(
                client.postJson("/api/v1/commands/test.echo", "{\"args\":{\"text\":\"a\",\"count\":\"abc\"}}"),
                400,
                "invalid-argument",
                "argument 'count' must be an integer, got \"abc\"");
        assertProblem(
                text("!test echo a abc"), 400, "invalid-argument", "argument 'count' must be an integer, got \"abc\"");
        assertProblem(
                client.postJson("/api/v1/commands/test.echo", "{}"),
                400,
                "invalid-argument",
                "missing required argument 'text' (string: what to say); usage: !test echo <text> [count] [data]");
        assertProblem(
                client.postJson("/api/v1/commands/test.echo", "{\"args\":{\"text\":\"a\",\"cuont\":1}}"),
                400,
                "invalid-argument",
                "unknown argument 'cuont' for command 'test.echo'; did you mean 'count'?");
        assertProblem(
                client.postJson("/api/v1/commands/test.echo", "{\"args\":5}"),
                400,
                "bad-request",
                "field 'args' must be a JSON object of argument values, e.g. {\"args\":{\"path\":\"/a\"}}; got number");
        String many = IntStream.range(0, 33).mapToObj(i -> "\"a" + i + "\":1").collect(Collectors.joining(","));
        assertProblem(
                client.postJson("/api/v1/commands/test.echo", "{\"args\":{" + many + "}}"),
                400,
                "invalid-argument",
                "too many arguments: 33; at most 32");
        assertThat(client.postJson("/api/v1/commands/ping", "{\"argz\":{}}")
                        .json()
                        .get("detail")
                        .asText())
                .startsWith("unknown field 'argz'");
    }

    @Test
    void badTextIs400SayingWhatAndWhere() {
        assertProblem(
                text("state /harmony"),
                400,
                "invalid-command",
                "command text must start with '!' and a command name, e.g. '!help'; got 'state /harmony'");
        assertProblem(
                text("!test echo a 1 {\"x\": [1}"),
                400,
                "invalid-command",
                "'}' at column 24 does not close the '[' at column 22; expected ']'");
        assertProblem(
                text("!test echo \"open"),
                400,
                "invalid-command",
                "unterminated string: the quote at column 12 is never closed");
        assertProblem(
                text("!ping " + "x".repeat(8_200)),
                400,
                "invalid-command",
                "command text is 8206 bytes; the limit is 8192");
        assertProblem(
                client.postJson("/api/v1/commands", "{}"),
                400,
                "invalid-command",
                "field 'text' is required, e.g. {\"text\":\"!help\"}");
        assertProblem(text("!hlep"), 404, "unknown-command", "unknown command 'hlep'; did you mean 'help'?");
    }

    @Test
    void aRoleTooLowIs403NamingTheRoleEvenWithBadArguments() {
        assertProblem(
                client.postJson("/api/v1/commands/test.admin", "{\"args\":{\"n\":\"x\"}}", userKey),
                403,
                "forbidden",
                "command 'test.admin' needs the admin role; key 'uma' has role user");
        assertProblem(
                client.postJson("/api/v1/commands", "{\"text\":\"!test admin 1\"}", userKey),
                403,
                "forbidden",
                "command 'test.admin' needs the admin role; key 'uma' has role user");
        assertThat(text("!test admin 1").json().get("result").asText()).isEqualTo("secret admin result");
    }

    @Test
    void unknownAgentsAre404() {
        assertProblem(
                client.postJson("/api/v1/commands/ping", "{\"agent\":\"ann\"}"),
                404,
                "agent-not-found",
                "no agent has id 'ann'");
        assertProblem(
                client.postJson("/api/v1/commands", "{\"text\":\"!ping\",\"agent\":\"ann\"}"),
                404,
                "agent-not-found",
                "no agent has id 'ann'");
    }

    @Test
    void commandErrorsKeepTheirStatusAndFaultsAre500WithoutDetails() {
        assertProblem(text("!test missing"), 404, "not-found", "no value at path /nowhere");
        Reply boom = client.send(client.request("/api/v1/commands/test.boom", client.adminKey())
                .header("X-Request-Id", "trace-77")
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(boom.status()).isEqualTo(500);
        assertThat(boom.json().get("detail").asText()).contains("quote request id trace-77");
        assertThat(boom.body()).doesNotContain("secret internal detail").doesNotContain("IllegalStateException");
    }

    @Test
    void metricsRecordRunsAndCacheLookups() {
        text("!ping");
        String metrics = client.get("/metrics").body();
        assertThat(metrics)
                .contains("helix_commands_seconds_count{command=\"ping\"")
                .contains("outcome=\"success\"");
        text("!test counter");
        text("!test counter");
        assertThat(client.get("/metrics").body()).contains("helix_commands_cache_total{command=\"test.counter\"");
    }

    @Test
    void stateSetWithAnOverlongSlashInThePathIsRefusedAndWritesNothing() {
        // C0 AF is an overlong '/': read leniently, "\xC0\xAFoverlong" would write the state at /overlong
        byte[] args = Bytes.of("{\"args\":{\"path\":\"", 0xC0, 0xAF, "overlong\",\"value\":1}}");
        Reply refused =
                client.sendBytes("POST", "/api/v1/commands/state.set", client.adminKey(), "application/json", args);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("detail").asText())
                .contains("the bytes C0 AF")
                .contains("not well-formed UTF-8");
        byte[] chat = Bytes.of("{\"text\":\"!state set ", 0xC0, 0xAF, "overlong 1\"}");
        assertThat(client.sendBytes("POST", "/api/v1/commands", client.adminKey(), "application/json", chat)
                        .status())
                .isEqualTo(400);
        assertThat(client.get("/api/v1/state?path=/overlong").status()).isEqualTo(404);
    }

    @Test
    void argumentsGivenTwiceOrBeyondADoubleAreRefused() {
        Reply twice = client.postJson("/api/v1/commands/test.echo", "{\"args\":{\"text\":\"a\",\"text\":\"b\"}}");
        assertThat(twice.status()).isEqualTo(400);
        assertThat(twice.json().get("detail").asText()).startsWith("member 'args.text' appears twice at line 1");
        Reply huge = client.postJson("/api/v1/commands/test.echo", "{\"args\":{\"text\":\"a\",\"data\":1e999}}");
        assertThat(huge.json().get("detail").asText()).contains("the number 1e999 in member 'args.data'");
        Reply tiny = text("!state set /tiny 1e-999");
        assertThat(tiny.status()).isEqualTo(400);
        assertThat(tiny.json().get("detail").asText())
                .startsWith("argument 'value' is not valid JSON at column")
                .endsWith("the number 1e-999 is not 0 but nearer to 0 than a double can hold (4.9E-324)");
        assertThat(client.get("/api/v1/state?path=/tiny").status()).isEqualTo(404);
    }
}
