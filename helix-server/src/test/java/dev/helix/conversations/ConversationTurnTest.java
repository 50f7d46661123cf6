package dev.helix.conversations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.testing.Await;
import dev.helix.testing.HelixClient.Reply;
import dev.helix.testkit.Fault;
import dev.helix.testkit.RecordedRequest;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The agent's turn end to end, through the real gateway to a mock provider: a message is stored, answered whole or
 * streamed, and the answer stored with its figures; a broken stream, a failing model and a refusal are stored as
 * such, the message always before the model is called; {@code !} runs a command.
 */
@Timeout(60)
class ConversationTurnTest {
    @RegisterExtension
    static ConversationServer server = new ConversationServer();

    private final Calls calls = new Calls(server().client());
    private String key;
    private String id;

    /** The server under test; a subclass runs the same tests on PostgreSQL. */
    protected ConversationServer server() {
        return server;
    }

    @BeforeEach
    void aConversation() {
        key = calls.client().createKey("app", "user");
        id = calls.create(key, "alice", "coder");
    }

    private JsonNode messages() {
        Reply r = calls.get(Calls.BASE + "/" + id + "/messages", key, "alice");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("data");
    }

    private RecordedRequest lastChat() {
        return server().llm.lastRequest();
    }

    @Test
    void aMessageIsAnsweredWholeThroughTheGatewayAndBothAreStored() {
        Reply r = calls.say(key, "alice", id, "{\"content\":\"Hello there\",\"metadata\":{\"client\":\"web\"}}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        JsonNode sent = r.json().get("message");
        JsonNode answer = r.json().get("answer");
        assertThat(sent.get("seq").asLong()).isEqualTo(1);
        assertThat(sent.get("role").asText()).isEqualTo("user");
        assertThat(sent.at("/content/0/text").asText()).isEqualTo("Hello there");
        assertThat(sent.at("/metadata/client").asText()).isEqualTo("web");
        assertThat(answer.get("seq").asLong()).isEqualTo(2);
        assertThat(answer.get("role").asText()).isEqualTo("assistant");
        assertThat(answer.get("status").asText()).isEqualTo("complete");
        assertThat(answer.at("/content/0/text").asText()).isEqualTo("mock reply to: Hello there");
        assertThat(answer.get("model").asText()).isEqualTo("smart");
        assertThat(answer.get("deployment").asText()).isEqualTo("mock/smart-1");
        assertThat(answer.at("/usage/promptTokens").asLong()).isPositive();
        assertThat(answer.get("costUsd").asDouble()).isPositive();
        assertThat(answer.get("finishReason").asText()).isEqualTo("stop");
        assertThat(answer.has("error")).isFalse();
        assertThat(answer.at("/metadata/context/window").asInt()).isPositive();

        JsonNode prompt = lastChat().body().get("messages");
        assertThat(prompt.get(0).get("role").asText()).isEqualTo("system");
        assertThat(prompt.get(0).get("content").asText()).as("the persona").isNotEmpty();
        assertThat(prompt.get(prompt.size() - 1).get("content").asText()).isEqualTo("Hello there");
        assertThat(lastChat().body().get("model").asText()).isEqualTo("smart-1");
        assertThat(messages()).hasSize(2);
        JsonNode c = calls.get(Calls.BASE + "/" + id, key, "alice").json();
        assertThat(c.get("lastSeq").asLong()).isEqualTo(2);
        assertThat(c.get("answering").isNull()).isTrue();
    }

    @Test
    void anAgentAtTemperatureZeroSendsItAndTheGatewayCacheAnswersAPromptItHasAnsweredBefore() {
        String first = calls.create(key, "alice", "steady");
        String second = calls.create(key, "alice", "steady");
        Reply r1 = calls.say(key, "alice", first, "{\"content\":\"When do you open?\"}");
        assertThat(r1.status()).as(r1.body()).isEqualTo(201);
        assertThat(lastChat().body().get("temperature").asDouble()).isZero();
        long upstream = server().llm.requestCount();

        Reply r2 = calls.say(key, "alice", second, "{\"content\":\"When do you open?\"}");
        assertThat(r2.status()).as(r2.body()).isEqualTo(201);
        JsonNode cached = r2.json().get("answer");
        assertThat(cached.get("status").asText()).isEqualTo("complete");
        assertThat(cached.at("/content/0/text").asText())
                .isEqualTo(r1.json().at("/answer/content/0/text").asText());
        assertThat(cached.get("costUsd").asDouble())
                .as("a cached answer costs nothing")
                .isZero();
        assertThat(server().llm.requestCount())
                .as("the provider is not called again")
                .isEqualTo(upstream);

        calls.say(key, "alice", id, "{\"content\":\"When do you open?\"}");
        assertThat(lastChat().body().has("temperature"))
                .as("an agent without a temperature leaves it to the model")
                .isFalse();
    }

    @Test
    void aStreamedAnswerComesAsServerSentEventsAndTheNextPromptHoldsTheHistory() {
        Reply r = calls.say(key, "alice", id, "{\"content\":\"Tell me a story\",\"stream\":true}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("text/event-stream");
        List<Calls.Sse> events = Calls.events(r.body());
        assertThat(events.getFirst().event()).isEqualTo("message");
        assertThat(events.get(1).event()).isEqualTo("answer");
        assertThat(events.get(1).data().get("status").asText()).isEqualTo("streaming");
        List<Calls.Sse> deltas =
                events.stream().filter(e -> e.event().equals("delta")).toList();
        assertThat(deltas).hasSizeGreaterThan(1);
        assertThat(deltas.stream().map(d -> d.data().get("index").asInt())).isSorted();
        String text = deltas.stream().map(d -> d.data().get("text").asText()).collect(Collectors.joining());
        Calls.Sse done = events.getLast();
        assertThat(done.event()).isEqualTo("done");
        assertThat(done.data().get("status").asText()).isEqualTo("complete");
        assertThat(done.data().at("/content/0/text").asText())
                .isEqualTo(text)
                .isEqualTo("mock reply to: Tell me a story");

        calls.say(key, "alice", id, "{\"content\":\"And then?\"}");
        JsonNode prompt = lastChat().body().get("messages");
        List<String> turns = java.util.stream.StreamSupport.stream(prompt.spliterator(), false)
                .map(m -> m.get("role").asText() + ": " + m.get("content").asText())
                .toList();
        assertThat(turns.subList(1, turns.size()))
                .containsExactly("user: Tell me a story", "assistant: " + text, "user: And then?");
    }

    @Test
    void aBrokenStreamIsStoredAsCutWithTheTextThatArrived() {
        server().llm.failNext(1, Fault.cut());
        JsonNode answer = calls.say(key, "alice", id, "{\"content\":\"Break please\"}")
                .json()
                .get("answer");
        assertThat(answer.get("status").asText()).isEqualTo("cut");
        assertThat(answer.at("/content/0/text").asText()).isNotEmpty();
        assertThat("mock reply to: Break please")
                .startsWith(answer.at("/content/0/text").asText());
        assertThat(answer.get("error").asText()).isNotEmpty();
        assertThat(messages().get(1).get("status").asText()).isEqualTo("cut");
    }

    @Test
    void theMessageIsStoredBeforeTheModelIsCalledAndAFailedAnswerIsStoredAsFailed() {
        server().llm.failNext(1, Fault.hang());
        CompletableFuture<Reply> sending =
                CompletableFuture.supplyAsync(() -> calls.say(key, "alice", id, "{\"content\":\"Anyone there?\"}"));
        Await.until("the model is called", () -> server().llm.activeRequests() == 1);
        JsonNode stored = messages();
        assertThat(stored).hasSize(2);
        assertThat(stored.get(0).at("/content/0/text").asText()).isEqualTo("Anyone there?");
        assertThat(stored.get(1).get("status").asText()).isEqualTo("streaming");

        JsonNode answer = sending.join().json().get("answer");
        assertThat(answer.get("status").asText()).isEqualTo("failed");
        assertThat(answer.get("error").asText()).contains("mock");
        assertThat(messages().get(0).at("/content/0/text").asText()).isEqualTo("Anyone there?");
        assertThat(messages().get(1).get("status").asText()).isEqualTo("failed");
    }

    @Test
    void aRefusalByTheKeysLimitsIsStoredAsRefused() {
        String keyId = calls.client().get("/api/v1/me", key).json().get("id").asText();
        Reply limited = calls.client()
                .send("PATCH", "/api/v1/keys/" + keyId, calls.client().adminKey(), "application/json", "{\"rpm\":1}");
        assertThat(limited.status()).as(limited.body()).isEqualTo(200);
        assertThat(calls.say(key, "alice", id, "{\"content\":\"one\"}")
                        .json()
                        .at("/answer/status")
                        .asText())
                .isEqualTo("complete");
        JsonNode refused =
                calls.say(key, "alice", id, "{\"content\":\"two\"}").json().get("answer");
        assertThat(refused.get("status").asText()).isEqualTo("refused");
        assertThat(refused.get("error").asText()).contains("per minute");
    }

    @Test
    void aMessageStartingWithAnExclamationMarkRunsACommandAndStoresItsResult() {
        JsonNode turn = calls.say(key, "alice", id, "{\"content\":\"!help\"}").json();
        assertThat(turn.at("/message/kind").asText()).isEqualTo("command");
        JsonNode result = turn.get("answer");
        assertThat(result.get("role").asText()).isEqualTo("tool");
        assertThat(result.get("kind").asText()).isEqualTo("command");
        assertThat(result.get("status").asText()).isEqualTo("complete");
        assertThat(result.at("/content/0/text").asText()).contains("help");
        assertThat(result.at("/metadata/command").asText()).isEqualTo("!help");

        JsonNode unknown = calls.say(key, "alice", id, "{\"content\":\"!nosuch thing\"}")
                .json()
                .get("answer");
        assertThat(unknown.get("status").asText()).isEqualTo("failed");
        assertThat(unknown.get("error").asText()).contains("nosuch");
        assertThat(server().llm.requestCount("/v1/chat/completions"))
                .as("no model call")
                .isZero();
        assertThat(messages()).hasSize(4);
    }

    @Test
    void badMessagesAreRefusedNamingTheMember() {
        String path = Calls.BASE + "/" + id + "/messages";
        assertThat(detail(calls.say(key, "alice", id, "{}"), 400)).contains("'content' is required");
        assertThat(detail(calls.say(key, "alice", id, "{\"content\":\"  \"}"), 400))
                .contains("empty");
        assertThat(detail(calls.say(key, "alice", id, "{\"content\":[{\"type\":\"video\"}]}"), 400))
                .contains("'content[0].type'");
        assertThat(detail(calls.say(key, "alice", id, "{\"content\":[{\"type\":\"image\",\"url\":\"file:/x\"}]}"), 400))
                .contains("'content[0].url'");
        assertThat(detail(calls.say(key, "alice", id, "{\"content\":\"x\",\"role\":\"system\"}"), 400))
                .contains("unknown member 'role'");
        assertThat(detail(calls.say(key, "alice", id, "{\"content\":\"x\",\"stream\":\"yes\"}"), 400))
                .contains("'stream' must be true or false");
        String big = "{\"content\":\"" + "x".repeat(33 * 1024) + "\"}";
        assertThat(detail(calls.say(key, "alice", id, big), 413)).contains("conversations.maxPartSize");
        assertThat(calls.send("POST", path, key, "bob", "{\"content\":\"x\"}").status())
                .isEqualTo(404);
        assertThat(messages()).isEmpty();
    }

    @Test
    void imagesAndFilesAreStoredAsReferencesAndNamedInThePrompt() {
        String body = "{\"content\":[{\"type\":\"text\",\"text\":\"Look\"},{\"type\":\"image\","
                + "\"url\":\"https://example.com/a.png\",\"mediaType\":\"image/png\"},{\"type\":\"file\","
                + "\"url\":\"https://example.com/r.pdf\",\"name\":\"r.pdf\"}]}";
        JsonNode sent = calls.say(key, "alice", id, body).json().get("message");
        assertThat(sent.get("content")).hasSize(3);
        assertThat(sent.at("/content/1/url").asText()).isEqualTo("https://example.com/a.png");
        JsonNode prompt = lastChat().body().get("messages");
        assertThat(prompt.get(prompt.size() - 1).get("content").asText())
                .contains("Look", "[image: https://example.com/a.png]", "[file r.pdf: https://example.com/r.pdf]");
    }

    @Test
    void conversationsMessagesAndAnswersAreCountedAndAnswersTimed() {
        calls.say(key, "alice", id, "{\"content\":\"count me\"}");
        String metrics = calls.client().get("/metrics").body();
        assertThat(metrics)
                .containsPattern("helix_conversations_started_total [1-9]")
                .containsPattern("helix_conversations_messages_total\\{role=\"user\"} [1-9]")
                .containsPattern("helix_conversations_messages_total\\{role=\"assistant\"} [1-9]")
                .containsPattern("helix_conversations_answers_total\\{status=\"complete\"} [1-9]")
                .containsPattern("helix_conversations_answer_latency_seconds_count\\{status=\"complete\"} [1-9]");
    }

    private static String detail(Reply r, int status) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        return r.json().get("detail").asText();
    }
}
