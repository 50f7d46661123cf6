package dev.helix.synthesis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.Helix;
import dev.helix.auth.KeySecrets;
import dev.helix.config.ConfigLoader;
import dev.helix.config.HelixConfig;
import dev.helix.internal.Folders;
import dev.helix.storage.Database;
import dev.helix.testing.Await;
import dev.helix.testing.HelixClient;
import dev.helix.testing.HelixClient.Reply;
import dev.helix.testing.HelixServerExtension;
import dev.helix.testing.TestClock;
import dev.helix.testing.TestServices;
import dev.helix.testkit.MockLlmServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * A whole Helix for synthesis tests, on SQLite or PostgreSQL, whose gateway points at a mock provider (the models
 * {@code smart}, with which the agent {@code coder} answers, {@code fast}, with which it summarises and synthesises,
 * and {@code embed} for embeddings); its
 * synthesis settings as a test changes them, on the real clock or a {@link TestClock} whose timer runs the periodic
 * work when the test lets time pass. Calls of the conversations, memory and runs APIs for a key and end user.
 */
final class SynthesisFixture implements AutoCloseable {
    static final String AGENT = "coder";
    static final String RUNS = SynthesisApi.RUNS;

    final MockLlmServer llm;
    final Helix helix;
    final HelixClient client;
    private final Path dir;
    private final @Nullable String postgresUrl;

    private SynthesisFixture(
            boolean postgres, @Nullable TestClock clock, UnaryOperator<HelixConfig.Synthesis.Builder> change)
            throws IOException {
        llm = MockLlmServer.start();
        dir = Files.createTempDirectory("helix-synthesis");
        postgresUrl = postgres ? TestServices.postgresSchemaUrl() : null;
        String admin = KeySecrets.generate();
        Files.writeString(dir.resolve("helix.yaml"), yaml(llm.baseUrl()));
        HelixConfig config = config(dir, admin, postgresUrl, change);
        helix = clock == null
                ? Helix.create(config).start()
                : Helix.create(config, Map.of(), clock.time(), List.of()).start();
        client = new HelixClient("http://127.0.0.1:" + helix.port(), admin);
    }

    /** A Helix on {@code engine} ({@code sqlite}, {@code postgresql}) on the real clock. */
    static SynthesisFixture start(String engine, UnaryOperator<HelixConfig.Synthesis.Builder> change)
            throws IOException {
        return new SynthesisFixture(engine.equals("postgresql"), null, change);
    }

    /** A Helix on {@code engine} on {@code clock}, its periodic work run when the test advances it. */
    static SynthesisFixture start(String engine, TestClock clock, UnaryOperator<HelixConfig.Synthesis.Builder> change)
            throws IOException {
        return new SynthesisFixture(engine.equals("postgresql"), clock, change);
    }

    /**
     * The test configuration with the file's gateway, in {@code dir}, on PostgreSQL {@code url} if given; runs only
     * when asked for (long idle time, many messages) unless {@code change} says otherwise; fast retries.
     */
    static HelixConfig config(
            Path dir, String admin, @Nullable String url, UnaryOperator<HelixConfig.Synthesis.Builder> change) {
        HelixConfig test = HelixServerExtension.testConfig(dir, admin);
        HelixConfig fromFile = ConfigLoader.builder()
                .file(dir.resolve("helix.yaml"))
                .env(Map.of())
                .load()
                .config();
        return fromFile.toBuilder()
                .server(test.server())
                .auth(test.auth())
                .storage(
                        url == null
                                ? test.storage()
                                : test.storage().toBuilder().databaseUrl(url).build())
                .memory(m -> m.synthesis(s -> change.apply(s.idleAfter(Duration.ofHours(1))
                        .everyMessages(1000)
                        .backoff(Duration.ofMillis(10))
                        .pollInterval(Duration.ofMillis(50)))))
                .build();
    }

    static String yaml(String mockUrl) {
        return """
                gateway:
                  retry: {attempts: 1, backoff: 10ms, maxBackoff: 100ms}
                  breaker: {failureRate: 100, minimumCalls: 20, window: 20, openFor: 100ms}
                  providers:
                    - id: mock
                      kind: openai
                      baseUrl: %s
                      apiKey: sk-test
                      healthCheck: false
                      timeouts: {connect: 1s, firstByte: 3s, idle: 3s, total: 60s}
                  models:
                    - name: smart
                      deployments: [{provider: mock, model: smart-1, pricePerMillion: {input: 1, output: 2}}]
                    - name: fast
                      deployments: [{provider: mock, model: fast-1, pricePerMillion: {input: 0.1, output: 0.2}}]
                    - name: embed
                      deployments: [{provider: mock, model: text-embedding-3-small, pricePerMillion: {input: 0.02, output: 0}}]
                """.formatted(mockUrl);
    }

    /** A new key of role {@code user}. */
    String key(String name) {
        return client.createKey(name, "user");
    }

    /** {@code method path} with {@code key} for end user {@code user} (null: none) and a JSON {@code body} or none. */
    Reply send(String method, String path, String key, @Nullable String user, @Nullable String body) {
        String type = body == null ? null : "application/json";
        return user == null
                ? client.send(method, path, key, type, body)
                : client.send(method, path, key, type, body, "X-Helix-User", user);
    }

    /** A new conversation of {@code key} and {@code user} with the agent coder. */
    String conversation(String key, @Nullable String user) {
        Reply r = send("POST", "/api/v1/conversations", key, user, "{\"agent\":\"" + AGENT + "\",\"title\":\"t\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asText();
    }

    /** Says {@code text} in conversation {@code id}; answers the stored message's id. */
    String say(String key, @Nullable String user, String id, String text) {
        Reply r = send(
                "POST",
                "/api/v1/conversations/" + id + "/messages",
                key,
                user,
                "{\"content\":" + dev.helix.internal.Json.mapper().valueToTree(text) + "}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().at("/message/id").asText();
    }

    /** Asks for a run of conversation {@code id}. */
    Reply synthesise(String key, @Nullable String user, String id) {
        return send("POST", "/api/v1/conversations/" + id + "/synthesise", key, user, null);
    }

    /** Asks for a run of conversation {@code id}, expects 202, and waits until it has ended; answers it. */
    JsonNode synthesised(String key, @Nullable String user, String id) {
        Reply r = synthesise(key, user, id);
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        return awaitEnd(key, user, r.json().get("id").asText());
    }

    /** Waits until run {@code run} is done, failed or deferred; answers it. */
    JsonNode awaitEnd(String key, @Nullable String user, String run) {
        return Await.until(
                Duration.ofSeconds(30),
                () -> send("GET", RUNS + "/" + run, key, user, null).json(),
                j -> Set.of("done", "failed", "deferred")
                        .contains(j.path("status").asText()));
    }

    /** The runs list of {@code key} and {@code user}, with {@code query} ({@code ""} or {@code ?…}). */
    JsonNode runs(String key, @Nullable String user, String query) {
        Reply r = send("GET", RUNS + query, key, user, null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("data");
    }

    /** The memories of {@code key} and {@code user}: those that hold now, or all with {@code valid=false}. */
    JsonNode memories(String key, @Nullable String user, boolean validOnly) {
        Reply r = send("GET", "/api/v1/memory?limit=100" + (validOnly ? "" : "&valid=false"), key, user, null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("data");
    }

    /** The texts of {@code memories}. */
    static List<String> texts(JsonNode memories) {
        List<String> texts = new java.util.ArrayList<>();
        memories.forEach(m -> texts.add(m.get("text").asText()));
        return texts;
    }

    /**
     * Makes run {@code run} look taken by another node, {@code node}, as when this one's lease passed while the model
     * answered: its row is changed in the database directly.
     */
    void takeOver(String run, String node) {
        update("UPDATE synthesis_runs SET lease_owner = :value WHERE id = :id", run, node);
    }

    /** Makes conversation {@code id} look last changed at {@code when}, in the database directly. */
    void lastChanged(String id, java.time.Instant when) {
        update("UPDATE conversations SET updated_at = :value WHERE id = :id", id, when.toEpochMilli());
    }

    private void update(String sql, String id, Object value) {
        try (Database db = Database.open(helix.config().storage())) {
            int rows = db.jdbi()
                    .withHandle(h -> h.createUpdate(sql)
                            .bind("value", value)
                            .bind("id", id)
                            .execute());
            assertThat(rows).as(id).isEqualTo(1);
        }
    }

    /** The value of the Prometheus series {@code series} (name and labels as scraped), 0 when absent. */
    double metric(String series) {
        Reply r = client.get("/metrics", client.adminKey());
        return r.body()
                .lines()
                .filter(l -> l.startsWith(series + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1)))
                .findFirst()
                .orElse(0);
    }

    /** Turns the read-only maintenance mode on or off. */
    void maintenance(boolean on) {
        Reply r = client.send(
                "PUT",
                "/api/v1/maintenance",
                client.adminKey(),
                "application/json",
                on ? "{\"enabled\":true,\"message\":\"upgrading\",\"retryAfter\":60}" : "{\"enabled\":false}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    @Override
    public void close() throws IOException {
        try {
            helix.close();
        } finally {
            llm.close();
            if (postgresUrl != null) {
                TestServices.dropSchema(postgresUrl);
            }
            Folders.deleteTree(dir);
        }
    }
}
