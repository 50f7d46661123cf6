package dev.helix.conversations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.Helix;
import dev.helix.auth.KeySecrets;
import dev.helix.config.ConfigLoader;
import dev.helix.config.HelixConfig;
import dev.helix.config.HelixConfig.Conversations.BusyPolicy;
import dev.helix.internal.Folders;
import dev.helix.testing.Await;
import dev.helix.testing.HelixClient;
import dev.helix.testing.HelixServerExtension;
import dev.helix.testing.TestServices;
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
        String url = TestServices.postgresSchemaUrl();
        String admin = KeySecrets.generate();
        Path dir = Files.createTempDirectory("helix-two-nodes");
        try (MockLlmServer llm = MockLlmServer.start(
                        MockLlmServer.Options.defaults().withChunks(5).withChunkSpacing(Duration.ofSeconds(2)));
                Helix a = Helix.create(node(dir, "a", admin, url, llm)).start();
                Helix b = Helix.create(node(dir, "b", admin, url, llm)).start()) {
            Calls onA = new Calls(new HelixClient("http://127.0.0.1:" + a.port(), admin));
            Calls onB = new Calls(new HelixClient("http://127.0.0.1:" + b.port(), admin));
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
            TestServices.dropSchema(url);
            Folders.deleteTree(dir);
        }
    }

    private static HelixConfig node(Path dir, String name, String admin, String url, MockLlmServer llm)
            throws java.io.IOException {
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, ConversationServer.yaml(llm.baseUrl(), llm.baseUrl(), "", "mock"));
        HelixConfig fromFile =
                ConfigLoader.builder().file(file).env(Map.of()).load().config();
        HelixConfig test = HelixServerExtension.testConfig(Files.createDirectories(dir.resolve(name)), admin);
        return fromFile.toBuilder()
                .server(test.server())
                .auth(test.auth())
                .storage(s -> test.storage().toBuilder().databaseUrl(url))
                .conversations(c -> c.busyPolicy(BusyPolicy.INTERRUPT))
                .build();
    }
}
