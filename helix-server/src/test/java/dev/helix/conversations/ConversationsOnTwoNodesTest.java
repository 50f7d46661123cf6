package dev.helix.conversations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.config.ConfigLoader;
import dev.helix.config.HelixConfig;
import dev.helix.config.HelixConfig.Conversations.BusyPolicy;
import dev.helix.internal.Folders;
import dev.helix.testing.Await;
import dev.helix.testing.HelixClient;
import dev.helix.testing.TwoNodes;
import dev.helix.testkit.MockLlmServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two nodes on one PostgreSQL database hold one answer at a time per conversation: a message sent on one node while
 * the other answers sees the answer in progress, and (busy policy interrupt) stops it there.
 */
@Timeout(120)
class ConversationsOnTwoNodesTest {
    @Test
    void aMessageOnOneNodeInterruptsTheAnswerTheOtherNodeIsWriting() throws Exception {
        Path dir = Files.createTempDirectory("helix-two-nodes");
        try (MockLlmServer llm = MockLlmServer.start(
                        MockLlmServer.Options.defaults().withChunks(5).withChunkSpacing(Duration.ofSeconds(2)));
                TwoNodes nodes = TwoNodes.start(c -> interrupting(c, gateway(dir, llm)))) {
            Calls onA = new Calls(nodes.clientA());
            Calls onB = new Calls(nodes.clientB());
            String key = onA.client().createKey("app", "user");
            String id = onA.create(key, "alice", "coder");

            CompletableFuture<HelixClient.Reply> first =
                    CompletableFuture.supplyAsync(() -> onA.say(key, "alice", id, "{\"content\":\"first\"}"));
            String answering = Await.until(
                    () -> onB.get(Calls.BASE + "/" + id, key, "alice")
                            .json()
                            .get("answering")
                            .asText(""),
                    s -> !s.isEmpty());
            // the answer is being written once its model is called: only then may the next calls be quick
            Await.until("the model is called", () -> llm.activeRequests() == 1);
            llm.options(MockLlmServer.Options.defaults());

            JsonNode second =
                    onB.say(key, "alice", id, "{\"content\":\"second\"}").json();
            assertThat(second.at("/answer/status").asText()).isEqualTo("complete");
            JsonNode stopped = first.join().json().get("answer");
            assertThat(stopped.get("id").asText()).isEqualTo(answering);
            assertThat(stopped.get("status").asText()).isEqualTo("interrupted");
            JsonNode messages = onA.get(Calls.BASE + "/" + id + "/messages", key, "alice")
                    .json()
                    .get("data");
            assertThat(messages)
                    .extracting(m -> m.get("status").asText())
                    .containsExactly("complete", "interrupted", "complete", "complete");
        } finally {
            Folders.deleteTree(dir);
        }
    }

    /** A {@code helix.yaml} in {@code dir} whose gateway answers through {@code llm}. */
    private static Path gateway(Path dir, MockLlmServer llm) {
        Path file = dir.resolve("helix.yaml");
        try {
            Files.writeString(file, ConversationServer.yaml(llm.baseUrl(), llm.baseUrl(), "", "mock"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return file;
    }

    /** {@code test} with the gateway of {@code file} and the busy policy interrupt. */
    private static HelixConfig interrupting(HelixConfig test, Path file) {
        HelixConfig fromFile =
                ConfigLoader.builder().file(file).env(Map.of()).load().config();
        return fromFile.toBuilder()
                .server(test.server())
                .auth(test.auth())
                .storage(test.storage())
                .conversations(c -> c.busyPolicy(BusyPolicy.INTERRUPT))
                .build();
    }
}
