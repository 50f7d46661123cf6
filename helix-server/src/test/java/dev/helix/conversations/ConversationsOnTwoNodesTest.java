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
import dev.helix.testing.WsClient;
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

    @Test
    void aClientOnTheOtherNodeSeesTheAnswerBeingWritten() throws Exception {
        Path dir = Files.createTempDirectory("helix-two-nodes");
        try (MockLlmServer llm = MockLlmServer.start(
                        MockLlmServer.Options.defaults().withChunks(4).withChunkSpacing(Duration.ofMillis(50)));
                TwoNodes nodes = TwoNodes.start(c -> interrupting(c, gateway(dir, llm)))) {
            Calls onA = new Calls(nodes.clientA());
            String key = onA.client().createKey("app", "user");
            String id = onA.create(key, "alice", "coder");
            try (WsClient onB =
                    WsClient.connect(nodes.clientB().base(), "/api/v1/realtime", key, "X-Helix-User", "alice")) {
                onB.send("{\"type\":\"subscribe\",\"topic\":\"conversation:" + id + "\"}");
                onB.next("subscribed");

                String answer = onA.say(key, "alice", id, "{\"content\":\"hello from A\"}")
                        .json()
                        .at("/answer/content/0/text")
                        .asText();
                assertThat(textWrittenBeforeStored(onB)).isEqualTo(answer);
            }
        } finally {
            Folders.deleteTree(dir);
        }
    }

    /**
     * The text of the next answer as the client saw it written: its pieces (in index order, each once) up to the
     * event that stores it complete.
     */
    private static String textWrittenBeforeStored(WsClient ws) {
        StringBuilder text = new StringBuilder();
        int expected = 1;
        while (true) {
            JsonNode m = ws.next();
            if (m.get("type").asText().equals("delta")) {
                assertThat(m.at("/data/index").asInt()).isEqualTo(expected++);
                text.append(m.at("/data/text").asText());
            } else if (m.at("/data/message/role").asText().equals("assistant")
                    && m.at("/data/message/status").asText().equals("complete")) {
                return text.toString();
            }
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
