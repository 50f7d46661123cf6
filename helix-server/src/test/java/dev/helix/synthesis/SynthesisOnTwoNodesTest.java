package dev.helix.synthesis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.internal.Folders;
import dev.helix.testing.Await;
import dev.helix.testing.HelixClient;
import dev.helix.testing.HelixClient.Reply;
import dev.helix.testing.TwoNodes;
import dev.helix.testkit.MockLlmServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two nodes on one PostgreSQL, both looking for work every few milliseconds: a conversation due gets one run, not
 * one per node, and its facts are remembered once; asked for on both nodes at once, one run is queued and the other
 * request is told which.
 */
@Timeout(90)
class SynthesisOnTwoNodesTest {
    @Test
    void aConversationHasOneRunAtATimeAcrossNodes() throws Exception {
        Path dir = Files.createTempDirectory("helix-synthesis-nodes");
        try (MockLlmServer llm = MockLlmServer.start()) {
            Files.writeString(dir.resolve("helix.yaml"), SynthesisFixture.yaml(llm.baseUrl()));
            try (TwoNodes nodes = TwoNodes.start(c -> c.toBuilder()
                    .file(Optional.of(dir.resolve("helix.yaml")))
                    .memory(m -> m.synthesis(s ->
                            s.everyMessages(4).idleAfter(Duration.ofHours(1)).pollInterval(Duration.ofMillis(20))))
                    .build())) {
                HelixClient a = nodes.clientA();
                HelixClient b = nodes.clientB();
                String key = a.createKey("app", "user");
                String id = create(a, key);
                say(a, key, id, "I live in Porto.");
                say(b, key, id, "I work as a baker.");

                JsonNode runs = Await.until(
                        () -> a.get(SynthesisApi.RUNS, key).json().get("data"),
                        r -> r.size() == 1 && r.get(0).get("status").asText().equals("done"));
                assertThat(runs.get(0).get("trigger").asText()).isEqualTo("messages");
                JsonNode memories =
                        b.get("/api/v1/memory?valid=false", key).json().get("data");
                assertThat(SynthesisFixture.texts(memories))
                        .containsExactlyInAnyOrder("User lives in Porto", "User works as baker");
                assertThat(a.get(SynthesisApi.RUNS, key).json().get("data"))
                        .as("one run, not one per node")
                        .hasSize(1);

                say(a, key, id, "My favourite colour is red.");
                llm.options(MockLlmServer.Options.defaults().withLatency(Duration.ofMillis(500)));
                String path = "/api/v1/conversations/" + id + "/synthesise";
                CompletableFuture<Reply> onA =
                        CompletableFuture.supplyAsync(() -> a.send("POST", path, key, null, null));
                CompletableFuture<Reply> onB =
                        CompletableFuture.supplyAsync(() -> b.send("POST", path, key, null, null));
                List<Integer> statuses = List.of(onA.get().status(), onB.get().status());
                assertThat(statuses)
                        .as(onA.get().body() + " " + onB.get().body())
                        .containsExactlyInAnyOrder(202, 409);
                Reply queued = onA.get().status() == 202 ? onA.get() : onB.get();
                Reply refused = onA.get().status() == 409 ? onA.get() : onB.get();
                assertThat(refused.json().get("run").asText())
                        .isEqualTo(queued.json().get("id").asText());
                Await.until(
                        () -> b.get(
                                        SynthesisApi.RUNS + "/"
                                                + queued.json().get("id").asText(),
                                        key)
                                .json(),
                        r -> r.get("status").asText().equals("done"));
                assertThat(a.get(SynthesisApi.RUNS, key).json().get("data")).hasSize(2);
            }
        } finally {
            Folders.deleteTree(dir);
        }
    }

    private static String create(HelixClient client, String key) {
        Reply r = client.postJson("/api/v1/conversations", "{\"agent\":\"" + SynthesisFixture.AGENT + "\"}", key);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asText();
    }

    private static void say(HelixClient client, String key, String id, String text) {
        Reply r = client.postJson("/api/v1/conversations/" + id + "/messages", "{\"content\":\"" + text + "\"}", key);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }
}
