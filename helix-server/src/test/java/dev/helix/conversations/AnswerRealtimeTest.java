package dev.helix.conversations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.testing.Await;
import dev.helix.testing.HelixClient.Reply;
import dev.helix.testing.WsClient;
import dev.helix.testkit.MockLlmServer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The owner's other clients follow an answer as it is written: its text pieces come live on
 * {@code conversation:<id>} and {@code conversations}, then the stored answer as an event; a client that reconnects
 * resumes from its offset, and one that subscribes mid-answer gets the text so far in its snapshot.
 */
@Timeout(60)
class AnswerRealtimeTest {
    private static final String REALTIME = "/api/v1/realtime";

    @RegisterExtension
    static ConversationServer server = new ConversationServer();

    private final Calls calls = new Calls(server.client());

    private WsClient follow(String key, String topic) {
        WsClient ws = WsClient.connect(calls.client().base(), REALTIME, key, "X-Helix-User", "alice");
        ws.send("{\"type\":\"subscribe\",\"topic\":\"" + topic + "\"}");
        ws.next("subscribed");
        return ws;
    }

    @Test
    void anotherClientSeesTheTextAsItIsWrittenThenTheStoredAnswerAndResumesByOffset() {
        String key = calls.client().createKey("app", "user");
        String id = calls.create(key, "alice", "coder");
        try (WsClient tab = follow(key, "conversation:" + id);
                WsClient list = follow(key, "conversations")) {
            Reply r = calls.say(key, "alice", id, "{\"content\":\"Hello from the phone\"}");
            String answerId = r.json().at("/answer/id").asText();
            String text = r.json().at("/answer/content/0/text").asText();

            JsonNode sent = tab.next("event");
            assertThat(sent.get("event").asText()).isEqualTo("conversation.message");
            assertThat(sent.at("/data/message/role").asText()).isEqualTo("user");
            long since = sent.get("offset").asLong();
            JsonNode started = tab.next("event");
            assertThat(started.at("/data/message/status").asText()).isEqualTo("streaming");
            StringBuilder live = new StringBuilder();
            JsonNode next = tab.next();
            while (next.get("type").asText().equals("delta")) {
                assertThat(next.at("/data/message").asText()).isEqualTo(answerId);
                live.append(next.at("/data/text").asText());
                next = tab.next();
            }
            assertThat(live.toString()).isEqualTo(text);
            assertThat(next.get("event").asText()).isEqualTo("conversation.message");
            assertThat(next.at("/data/action").asText()).isEqualTo("updated");
            assertThat(next.at("/data/message/status").asText()).isEqualTo("complete");
            assertThat(next.at("/data/message/content/0/text").asText()).isEqualTo(text);
            assertThat(list.next("delta").at("/data/message").asText())
                    .as("the list's client too")
                    .isEqualTo(answerId);

            try (WsClient back = WsClient.connect(calls.client().base(), REALTIME, key, "X-Helix-User", "alice")) {
                back.send("{\"type\":\"subscribe\",\"topic\":\"conversation:" + id + "\",\"since\":" + since + "}");
                assertThat(back.next().at("/data/message/status").asText()).isEqualTo("streaming");
                assertThat(back.next().at("/data/message/status").asText()).isEqualTo("complete");
                assertThat(back.next().get("type").asText())
                        .as("no text pieces: they are not kept")
                        .isEqualTo("subscribed");
            }
        }
    }

    @Test
    void aClientThatSubscribesMidAnswerGetsTheTextSoFarInItsSnapshot() {
        String key = calls.client().createKey("app", "user");
        String id = calls.create(key, "alice", "coder");
        server.llm.options(MockLlmServer.Options.defaults().withChunks(5).withChunkSpacing(Duration.ofMillis(700)));
        try {
            CompletableFuture<Reply> sending =
                    CompletableFuture.supplyAsync(() -> calls.say(key, "alice", id, "{\"content\":\"Slowly\"}"));
            Await.until("some text is written", () -> server.llm.activeRequests() == 1);
            String answering = Await.until(
                    () -> calls.get(Calls.BASE + "/" + id, key, "alice")
                            .json()
                            .get("answering")
                            .asText(""),
                    a -> !a.isEmpty());
            try (WsClient late = WsClient.connect(calls.client().base(), REALTIME, key, "X-Helix-User", "alice")) {
                late.send("{\"type\":\"subscribe\",\"topic\":\"conversation:" + id + "\"}");
                JsonNode snapshot = late.next("snapshot");
                assertThat(snapshot.at("/data/conversation/answering").asText()).isEqualTo(answering);
                assertThat(snapshot.at("/data/answer/message").asText()).isEqualTo(answering);
                assertThat("mock reply to: Slowly")
                        .startsWith(snapshot.at("/data/answer/text").asText());
                assertThat(late.next("event").at("/data/message/status").asText())
                        .isEqualTo("complete");
            }
            assertThat(sending.join().status()).isEqualTo(201);
        } finally {
            server.llm.options(MockLlmServer.Options.defaults());
        }
    }
}
