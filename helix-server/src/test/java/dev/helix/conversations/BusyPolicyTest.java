package dev.helix.conversations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.config.HelixConfig.Conversations.BusyPolicy;
import dev.helix.testing.Await;
import dev.helix.testing.HelixClient.Reply;
import dev.helix.testkit.MockLlmServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A message sent while the agent is still answering, under each {@code conversations.busyPolicy}, through the real
 * gateway: the first answer streams slowly (the mock paces it), so the second message comes while it is written.
 */
@Timeout(90)
class BusyPolicyTest {
    static final String CHAT = "/v1/chat/completions";

    /** One piece a second: the first answer is still being written when the second message comes. */
    static final MockLlmServer.Options SLOW =
            MockLlmServer.Options.defaults().withChunks(5).withChunkSpacing(Duration.ofSeconds(1));

    static ConversationServer server(BusyPolicy policy) {
        return server(policy, Duration.ofMinutes(5));
    }

    static ConversationServer server(BusyPolicy policy, Duration queueWait) {
        return new ConversationServer(
                MockLlmServer.Options.defaults(),
                "",
                c -> c.toBuilder()
                        .conversations(b -> b.busyPolicy(policy).queueWait(queueWait))
                        .build(),
                false,
                false);
    }

    /** A conversation of a fresh key, with helpers to talk in it. */
    static final class Talk {
        final ConversationServer server;
        final Calls calls;
        final String key;
        final String id;

        Talk(ConversationServer server) {
            this.server = server;
            this.calls = new Calls(server.client());
            this.key = calls.client().createKey("app", "user");
            this.id = calls.create(key, null, "coder");
        }

        CompletableFuture<Reply> sendAsync(String text, boolean stream) {
            return CompletableFuture.supplyAsync(() -> say(text, stream));
        }

        Reply say(String text, boolean stream) {
            return calls.say(key, null, id, "{\"content\":\"" + text + "\",\"stream\":" + stream + "}");
        }

        /**
         * Starts a slow answer to {@code text} and waits until it is being written: the conversation names it and the
         * mock is streaming it with the slow options, so tests may change the options from then on.
         */
        CompletableFuture<Reply> startSlowAnswer(String text) {
            server.llm.options(SLOW);
            long before = server.llm.requestCount(CHAT);
            CompletableFuture<Reply> first = sendAsync(text, true);
            Await.until(
                    "the first answer is being written",
                    () -> !conversation().get("answering").isNull() && server.llm.requestCount(CHAT) > before);
            return first;
        }

        JsonNode conversation() {
            return calls.get(Calls.BASE + "/" + id, key, null).json();
        }

        JsonNode messages() {
            return calls.get(Calls.BASE + "/" + id + "/messages", key, null)
                    .json()
                    .get("data");
        }

        String lastPromptText() {
            JsonNode prompt = server.llm.lastRequest().body().get("messages");
            StringBuilder all = new StringBuilder();
            prompt.forEach(m -> all.append(m.get("role").asText())
                    .append(": ")
                    .append(m.get("content").asText())
                    .append('\n'));
            return all.toString();
        }
    }

    @Nested
    class Reject {
        @RegisterExtension
        static ConversationServer server = server(BusyPolicy.REJECT);

        @Test
        void aMessageSentWhileTheAgentAnswersIsRefusedWith409NamingTheAnswerAndNotStored() {
            Talk talk = new Talk(server);
            CompletableFuture<Reply> first = talk.startSlowAnswer("first");
            String answering = talk.conversation().get("answering").asText();

            Reply second = talk.say("second", false);
            assertThat(second.status()).as(second.body()).isEqualTo(409);
            assertThat(second.json().get("type").asText()).isEqualTo("urn:helix:problem:conversation-busy");
            assertThat(second.json().get("detail").asText()).contains(answering).contains("reject");
            assertThat(second.json().get("answering").asText()).isEqualTo(answering);

            List<Calls.Sse> events = Calls.events(first.join().body());
            assertThat(events.getLast().data().get("status").asText()).isEqualTo("complete");
            assertThat(talk.messages()).hasSize(2);
            assertThat(talk.say("second", false).status())
                    .as("once the answer has ended")
                    .isEqualTo(201);
        }
    }

    @Nested
    class Queue {
        @RegisterExtension
        static ConversationServer server = server(BusyPolicy.QUEUE);

        @Test
        void aMessageSentWhileTheAgentAnswersIsStoredAtOnceAndAnsweredAfterInOrder() {
            Talk talk = new Talk(server);
            CompletableFuture<Reply> first = talk.startSlowAnswer("first");
            CompletableFuture<Reply> second = talk.sendAsync("second", true);
            Await.until("the second message is stored", () -> talk.messages().size() == 4);
            JsonNode queued = talk.messages().get(3);
            assertThat(queued.get("status").asText()).isEqualTo("queued");
            server.llm.options(MockLlmServer.Options.defaults());

            JsonNode firstAnswer = Calls.events(first.join().body()).getLast().data();
            List<Calls.Sse> events = Calls.events(second.join().body());
            assertThat(events.get(1).data().get("status").asText()).isEqualTo("queued");
            JsonNode secondAnswer = events.getLast().data();
            assertThat(firstAnswer.get("status").asText()).isEqualTo("complete");
            assertThat(secondAnswer.get("status").asText()).isEqualTo("complete");
            assertThat(secondAnswer.get("seq").asLong()).isEqualTo(4);
            assertThat(talk.lastPromptText())
                    .as("the second answer was written after the first had ended")
                    .contains("assistant: " + firstAnswer.at("/content/0/text").asText() + "\n")
                    .endsWith("user: second\n");
            assertThat(talk.messages())
                    .extracting(m -> m.get("status").asText())
                    .containsExactly("complete", "complete", "complete", "complete");
        }
    }

    @Nested
    class QueueWait {
        @RegisterExtension
        static ConversationServer server = server(BusyPolicy.QUEUE, Duration.ofSeconds(1));

        @Test
        void aQueuedMessageWhoseTurnDoesNotComeInTimeHasItsAnswerStoredAsFailed() {
            Talk talk = new Talk(server);
            CompletableFuture<Reply> first = talk.startSlowAnswer("first");
            JsonNode second = talk.say("second", false).json().get("answer");
            assertThat(second.get("status").asText()).isEqualTo("failed");
            assertThat(second.get("error").asText()).contains("conversations.queueWait");
            assertThat(Calls.events(first.join().body())
                            .getLast()
                            .data()
                            .get("status")
                            .asText())
                    .isEqualTo("complete");
        }
    }

    @Nested
    class Interrupt {
        @RegisterExtension
        static ConversationServer server = server(BusyPolicy.INTERRUPT);

        @Test
        void aMessageSentWhileTheAgentAnswersStopsThatAnswerWhichIsKeptWithItsText() {
            Talk talk = new Talk(server);
            CompletableFuture<Reply> first = talk.startSlowAnswer("first");
            server.llm.options(MockLlmServer.Options.defaults());

            Reply second = talk.say("second", false);
            assertThat(second.status()).as(second.body()).isEqualTo(201);
            assertThat(second.json().at("/answer/status").asText()).isEqualTo("complete");

            JsonNode stopped = Calls.events(first.join().body()).getLast().data();
            assertThat(stopped.get("status").asText()).isEqualTo("interrupted");
            String partial = stopped.at("/content/0/text").asText();
            assertThat(partial).isNotEmpty();
            assertThat("mock reply to: first").startsWith(partial).isNotEqualTo(partial);
            assertThat(stopped.get("error").asText()).contains("interrupted");
            assertThat(talk.messages())
                    .extracting(m -> m.get("status").asText())
                    .containsExactly("complete", "interrupted", "complete", "complete");
            assertThat(talk.conversation().get("answering").isNull()).isTrue();
        }
    }
}
