package dev.helix.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.http.HttpFeature;
import dev.helix.http.RouteTraits;
import dev.helix.http.Routes;
import dev.helix.testing.HelixClient;
import dev.helix.testing.HelixClient.Reply;
import dev.helix.testing.HelixServerExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Read-only maintenance mode end to end: an admin turns it on and off over HTTP; while it is on every route that
 * writes answers 503 with {@code Retry-After} and the message, and reads, health, metrics and {@code /status} keep
 * working.
 */
@Timeout(60)
class MaintenanceApiTest {
    private static final String JSON = "application/json";
    private static final String MESSAGE = "Upgrading the database; back at 14:00 UTC";

    /** Keeps the routes every feature registered, to try each one. */
    static final class RouteList implements HttpFeature {
        private volatile Routes routes;

        @Override
        public void register(Routes all) {
            routes = all;
        }

        /** Every registered route as {@code METHOD template}, with its traits. */
        List<Object[]> all() {
            List<Object[]> out = new ArrayList<>();
            for (String method : List.of("GET", "POST", "PUT", "PATCH", "DELETE")) {
                for (String template : routes.templates(method)) {
                    out.add(new Object[] {
                        method, template, routes.traits(method, template).orElseThrow()
                    });
                }
            }
            return out;
        }
    }

    private static final RouteList ROUTES = new RouteList();

    @RegisterExtension
    static HelixServerExtension server = new HelixServerExtension().feature(ROUTES);

    private final HelixClient client = server().client();

    /** The server under test; a subclass runs the same tests on PostgreSQL. */
    protected HelixServerExtension server() {
        return server;
    }

    /** The routes of {@link #server()}. */
    protected RouteList routes() {
        return ROUTES;
    }

    @AfterEach
    void turnItOff() {
        assertThat(put("{\"enabled\":false}", client.adminKey()).status()).isEqualTo(200);
    }

    private Reply put(String body, String key) {
        return client.send("PUT", "/api/v1/maintenance", key, JSON, body);
    }

    private Reply turnOn() {
        Reply on = put("{\"enabled\":true,\"message\":\"" + MESSAGE + "\",\"retryAfter\":120}", client.adminKey());
        assertThat(on.status()).as(on.body()).isEqualTo(200);
        return on;
    }

    @Test
    void anAdminTurnsItOnWithAMessageAndEveryoneSeesIt() {
        JsonNode on = turnOn().json();
        assertThat(on.get("enabled").asBoolean()).isTrue();
        assertThat(on.get("message").asText()).isEqualTo(MESSAGE);
        assertThat(on.get("retryAfter").asInt()).isEqualTo(120);
        assertThat(on.get("since").asText()).isNotEmpty();
        assertThat(on.get("by").asText()).isEqualTo(myId(client.adminKey()));

        assertThat(client.get("/api/v1/maintenance").json()).isEqualTo(on);
        JsonNode status = client.get("/status", null).json().get("maintenance");
        assertThat(status.get("enabled").asBoolean()).isTrue();
        assertThat(status.get("message").asText()).isEqualTo(MESSAGE);
        assertThat(status.get("since").asText()).isEqualTo(on.get("since").asText());
    }

    @Test
    void whileOnEveryRouteThatWritesAnswers503WithRetryAfterAndTheMessage() {
        turnOn();
        List<String> refused = new ArrayList<>();
        for (Object[] route : routes().all()) {
            String method = (String) route[0];
            String template = (String) route[1];
            if (!((RouteTraits) route[2]).writesWith(method) || template.equals(MaintenanceApi.MAINTENANCE)) {
                continue;
            }
            Reply reply = client.send(method, path(template), client.adminKey(), null, null);
            assertThat(reply.status())
                    .as(method + " " + template + ": " + reply.body())
                    .isEqualTo(503);
            assertThat(reply.header("Retry-After")).isEqualTo("120");
            JsonNode body = reply.json();
            String detail = body.has("error")
                    ? body.at("/error/message").asText()
                    : body.get("detail").asText();
            assertThat(detail).as(method + " " + template).isEqualTo(MESSAGE);
            refused.add(method + " " + template);
        }
        assertThat(refused)
                .contains(
                        "POST /api/v1/keys",
                        "PATCH /api/v1/state",
                        "POST /api/v1/agents/{id}/messages",
                        "GET /api/v1/agents/{id}/messages",
                        "POST /api/v1/commands/{name}",
                        "POST /v1/chat/completions",
                        "POST /v1/embeddings",
                        "POST /api/v1/memory",
                        "DELETE /api/v1/memory",
                        "PATCH /api/v1/memory/{id}",
                        "PUT /api/v1/memory/profile");
    }

    @Test
    void whileOnReadsHealthMetricsAndStatusKeepWorking() {
        turnOn();
        for (Object[] route : routes().all()) {
            String method = (String) route[0];
            RouteTraits traits = (RouteTraits) route[2];
            if (traits.writesWith(method) || traits.longLived()) {
                continue;
            }
            Reply reply = client.send(method, path((String) route[1]), client.adminKey(), null, null);
            assertThat(reply.status())
                    .as(method + " " + route[1] + ": " + reply.body())
                    .isNotEqualTo(503);
        }
        Reply ready = client.get("/health/ready", null);
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json().get("status").asText()).isEqualTo("UP");
        assertThat(client.get("/api/v1/state").status()).isEqualTo(200);
        assertThat(client.get("/metrics", null).body()).contains("helix_maintenance_enabled 1.0");
        assertThat(client.delete("/api/v1/cache?tag=state", client.adminKey()).status())
                .as("dropping cached responses changes no data")
                .isEqualTo(200);
    }

    @Test
    void theGatewayRefusesInOpenAisShape() {
        turnOn();
        Reply chat = client.postJson("/v1/chat/completions", "{\"model\":\"fast\",\"messages\":[]}");
        assertThat(chat.status()).isEqualTo(503);
        assertThat(chat.header("Retry-After")).isEqualTo("120");
        assertThat(chat.json().at("/error/code").asText()).isEqualTo("maintenance");
        assertThat(chat.json().at("/error/type").asText()).isEqualTo("server_error");
        assertThat(chat.json().at("/error/message").asText()).isEqualTo(MESSAGE);
    }

    @Test
    void turningItOffWhileOnLetsWritesThroughAgain() {
        turnOn();
        Reply refused = client.postJson("/api/v1/agents/coder/messages", "{\"type\":\"task\"}");
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.json().get("type").asText()).isEqualTo("urn:helix:problem:maintenance");

        Reply off = put("{\"enabled\":false}", client.adminKey());
        assertThat(off.status()).isEqualTo(200);
        assertThat(off.json().get("enabled").asBoolean()).isFalse();
        assertThat(off.json().get("message").isNull()).isTrue();
        assertThat(client.postJson("/api/v1/agents/coder/messages", "{\"type\":\"task\"}")
                        .status())
                .isEqualTo(202);
        assertThat(client.get("/metrics", null).body()).contains("helix_maintenance_enabled 0.0");
        assertThat(client.get("/status", null).json().at("/maintenance/enabled").asBoolean())
                .isFalse();
    }

    @Test
    void aUserKeyMayReadTheModeButNotChangeIt() {
        String user = client.createKey("reader", "user");
        turnOn();
        JsonNode seen = client.get("/api/v1/maintenance", user).json();
        assertThat(seen.get("enabled").asBoolean()).isTrue();
        assertThat(seen.get("message").asText()).isEqualTo(MESSAGE);
        assertThat(seen.has("by")).as("who set it is for admins").isFalse();

        Reply refused = put("{\"enabled\":false}", user);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("detail").asText()).contains("PUT /api/v1/maintenance needs the admin role");
        assertThat(client.get("/api/v1/maintenance").json().get("enabled").asBoolean())
                .isTrue();
        assertThat(client.get("/api/v1/maintenance", null).status()).isEqualTo(401);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"enabled\":true                                 | malformed JSON",
                "{\"enabled\":true,\"enabled\":false}              | member 'enabled' appears twice",
                "{\"enabled\":true,\"mesage\":\"x\"}               | unknown field 'mesage'",
                "[true]                                            | must be a JSON object",
                "{}                                                | 'enabled' is required",
                "{\"enabled\":null}                                | 'enabled' is required",
                "{\"enabled\":\"true\"}                            | 'enabled' must be true or false, not \"true\"",
                "{\"enabled\":true,\"message\":5}                  | 'message' must be a string, not number",
                "{\"enabled\":true,\"message\":\"  \"}             | 'message' must not be blank",
                "{\"enabled\":true,\"retryAfter\":\"300\"}         | 'retryAfter' must be a whole number of seconds",
                "{\"enabled\":true,\"retryAfter\":1.5}             | 'retryAfter' must be a whole number of seconds",
                "{\"enabled\":true,\"retryAfter\":0}               | 'retryAfter' must be from 1 to 86400 seconds, not 0",
                "{\"enabled\":true,\"retryAfter\":86401}           | 'retryAfter' must be from 1 to 86400 seconds",
                "{\"enabled\":true,\"retryAfter\":9999999999}      | 'retryAfter' must be a whole number of seconds",
                "{\"enabled\":false,\"message\":\"done\"}          | 'message' applies only when turning maintenance on",
                "{\"enabled\":false,\"retryAfter\":60}             | 'retryAfter' applies only when turning maintenance on"
            })
    void badBodiesAreRefusedNamingTheField(String body, String detail) {
        Reply reply = put(body, client.adminKey());
        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.json().get("detail").asText()).contains(detail);
        assertThat(client.get("/api/v1/maintenance").json().get("enabled").asBoolean())
                .isFalse();
    }

    @Test
    void aMessageOfAThousandCharactersIsTheLongest() {
        String longest = "é".repeat(Maintenance.MAX_MESSAGE);
        assertThat(put("{\"enabled\":true,\"message\":\"" + longest + "\"}", client.adminKey())
                        .json()
                        .get("message")
                        .asText())
                .isEqualTo(longest);
        Reply tooLong = put("{\"enabled\":true,\"message\":\"" + longest + "x\"}", client.adminKey());
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.json().get("detail").asText())
                .isEqualTo("'message' must be at most 1000 characters, not 1001");
        Reply wrongType = client.send("PUT", "/api/v1/maintenance", client.adminKey(), "text/plain", "{}");
        assertThat(wrongType.status()).isEqualTo(415);
    }

    @Test
    void withoutAMessageOrWaitTheDefaultsApply() {
        JsonNode on = put("{\"enabled\":true}", client.adminKey()).json();
        assertThat(on.get("message").asText()).isEqualTo(Maintenance.DEFAULT_MESSAGE);
        assertThat(on.get("retryAfter").asInt()).isEqualTo(Maintenance.DEFAULT_RETRY_AFTER);
        assertThat(client.send("DELETE", "/api/v1/keys/key_x", client.adminKey(), null, null)
                        .header("Retry-After"))
                .isEqualTo("300");
    }

    @Test
    void aNewMessageKeepsSinceAndTheSameOneChangesNothing() {
        JsonNode first = turnOn().json();
        long events = maintenanceEvents(client.adminKey()).size();
        assertThat(turnOn().json()).as("the same mode again").isEqualTo(first);
        assertThat(maintenanceEvents(client.adminKey()))
                .as("no event for no change")
                .hasSize((int) events);

        JsonNode changed = put("{\"enabled\":true,\"message\":\"later: 15:00\",\"retryAfter\":120}", client.adminKey())
                .json();
        assertThat(changed.get("message").asText()).isEqualTo("later: 15:00");
        assertThat(changed.get("since").asText()).isEqualTo(first.get("since").asText());
    }

    @Test
    void eachChangeIsAnEventEveryKeySeesWithoutItsActor() {
        String user = client.createKey("watcher", "user");
        turnOn();
        JsonNode asAdmin = maintenanceEvents(client.adminKey()).getLast();
        assertThat(asAdmin.get("subject").asText()).isEqualTo("maintenance");
        assertThat(asAdmin.get("actor").asText()).isEqualTo(myId(client.adminKey()));
        assertThat(asAdmin.at("/data/enabled").asBoolean()).isTrue();
        assertThat(asAdmin.at("/data/message").asText()).isEqualTo(MESSAGE);
        assertThat(asAdmin.at("/data/retryAfter").asInt()).isEqualTo(120);
        assertThat(asAdmin.at("/data/version").asLong()).isPositive();

        JsonNode asUser = maintenanceEvents(user).getLast();
        assertThat(asUser.get("id")).isEqualTo(asAdmin.get("id"));
        assertThat(asUser.get("actor").isNull()).isTrue();
    }

    @Test
    void concurrentChangesEndOnTheLastOneCommitted() {
        long before = lastEventId();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<CompletableFuture<Reply>> puts = IntStream.range(0, 16)
                    .mapToObj(i -> CompletableFuture.supplyAsync(
                            () -> put(
                                    i % 4 == 3
                                            ? "{\"enabled\":false}"
                                            : "{\"enabled\":true,\"message\":\"m" + i + "\"}",
                                    client.adminKey()),
                            threads))
                    .toList();
            puts.forEach(p -> assertThat(p.join().status()).isEqualTo(200));
        }

        List<JsonNode> events = maintenanceEvents(client.adminKey()).stream()
                .filter(e -> e.get("id").asLong() > before)
                .toList();
        for (int i = 1; i < events.size(); i++) {
            assertThat(events.get(i).at("/data/version").asLong())
                    .as("versions follow the event log's order")
                    .isEqualTo(events.get(i - 1).at("/data/version").asLong() + 1);
        }
        JsonNode last = events.getLast().get("data");
        JsonNode now = client.get("/api/v1/maintenance").json();
        for (String member : List.of("enabled", "message", "since")) {
            assertThat(text(now.path(member))).as(member).isEqualTo(text(last.path(member)));
        }
    }

    @Test
    void realTimeClientsFollowTheMaintenanceTopic() throws Exception {
        HttpResponse<Stream<String>> sse = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(client.base() + "/api/v1/events?topics=maintenance"))
                                .header("Authorization", "Bearer " + client.adminKey())
                                .build(),
                        HttpResponse.BodyHandlers.ofLines());
        try (Stream<String> lines = sse.body()) {
            Iterator<String> reader = lines.iterator();
            assertThat(dataAfter(reader, "snapshot")).contains("\"enabled\":false");
            turnOn();
            assertThat(dataAfter(reader, "maintenance.changed"))
                    .contains("\"enabled\":true")
                    .contains(MESSAGE);
        }
    }

    /** The data line of the next SSE event named {@code name}. */
    private static String dataAfter(Iterator<String> lines, String name) {
        boolean inEvent = false;
        while (true) {
            String line = lines.next();
            if (line.startsWith("event:")) {
                inEvent = line.substring("event:".length()).strip().equals(name);
            } else if (inEvent && line.startsWith("data:")) {
                return line;
            }
        }
    }

    private List<JsonNode> maintenanceEvents(String key) {
        List<JsonNode> out = new ArrayList<>();
        client.get("/api/v1/event-log?types=maintenance.changed&limit=1000", key)
                .json()
                .get("events")
                .forEach(out::add);
        return out;
    }

    private long lastEventId() {
        return client.get("/api/v1/event-log?after=0&limit=1&types=nothing.here")
                .json()
                .get("next")
                .asLong();
    }

    private String myId(String key) {
        return client.get("/api/v1/me", key).json().get("id").asText();
    }

    /** A member's value as text, "" when it is null or left out (as events leave out what is null). */
    static String text(JsonNode value) {
        return value.isNull() || value.isMissingNode() ? "" : value.asText();
    }

    private static String path(String template) {
        return template.replaceAll("\\{[^}]+}", "coder");
    }
}
