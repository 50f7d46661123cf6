package dev.helix.synthesis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.testing.Await;
import dev.helix.testing.HelixClient.Reply;
import dev.helix.testkit.Fault;
import dev.helix.testkit.MockLlmServer;
import dev.helix.testkit.RecordedRequest;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Synthesis end to end on SQLite, through the real gateway to the mock model: what a person says becomes memories
 * with their source messages, a changed fact ends the old memory and adds the new one, a failing model is retried
 * with backoff and then the run fails for good, one run per conversation at a time, and each run ends with its
 * event. A subclass runs the same on PostgreSQL.
 */
@Timeout(90)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SynthesisTest {
    SynthesisFixture helix;
    String key;
    String conversation;

    /** The engine the tests run on. */
    String engine() {
        return "sqlite";
    }

    @BeforeAll
    void start() throws IOException {
        helix = SynthesisFixture.start(engine(), s -> s.maxAttempts(3));
    }

    @AfterAll
    void stop() throws IOException {
        helix.close();
    }

    @BeforeEach
    void aPersonInAConversation() {
        helix.llm.reset();
        key = helix.key("app");
        conversation = helix.conversation(key, "alice");
    }

    @Test
    void whatAPersonSaysBecomesMemoriesWithTheMessagesTheyCameFrom() {
        String first = helix.say(key, "alice", conversation, "Hi! I live in Porto and I work as a nurse.");
        String second = helix.say(key, "alice", conversation, "Also, my favourite colour is teal. What about you?");

        JsonNode run = helix.synthesised(key, "alice", conversation);

        assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("done");
        assertThat(run.get("trigger").asText()).isEqualTo("requested");
        assertThat(run.get("seqFrom").asLong()).isEqualTo(1);
        assertThat(run.get("seqTo").asLong()).isEqualTo(4);
        assertThat(run.at("/changes/added")).hasSize(3);
        assertThat(run.get("attempts").asInt()).isEqualTo(1);
        assertThat(run.get("promptTokens").asLong()).isPositive();
        assertThat(run.get("costUsd").decimalValue()).isPositive();
        JsonNode memories = helix.memories(key, "alice", true);
        assertThat(SynthesisFixture.texts(memories))
                .containsExactlyInAnyOrder(
                        "User lives in Porto", "User works as nurse", "User's favourite colour is teal");
        for (JsonNode m : memories) {
            assertThat(m.get("agent").asText()).isEqualTo(SynthesisFixture.AGENT);
            String text = m.get("text").asText();
            assertThat(m.get("sources").get(0).asText()).isEqualTo(text.contains("colour") ? second : first);
        }
        assertThat(helix.memories(key, "bob", false))
                .as("another user of the key")
                .isEmpty();

        List<RecordedRequest> calls = synthesisCalls();
        assertThat(calls).as("one extraction, one decision").hasSize(2);
        assertThat(calls.get(0).body().at("/response_format/json_schema/name").asText())
                .isEqualTo(SynthesisPrompts.CANDIDATES);
        assertThat(calls.get(1).body().at("/response_format/json_schema/name").asText())
                .isEqualTo(SynthesisPrompts.DECISIONS);
    }

    @Test
    void theMemoriesOfARunSeenDoneAreInTheVeryNextPrompt() {
        helix.say(key, "alice", conversation, "I live in Porto. I work as a nurse.");
        helix.synthesised(key, "alice", conversation);

        String later = helix.conversation(key, "alice");
        helix.say(key, "alice", later, "Where do I live, and what do I work as?");

        assertThat(helix.llm.lastRequest().body().toString())
                .contains("User lives in Porto")
                .contains("User works as nurse");
    }

    @Test
    void theExtractionReadsWhatThePersonSaidWholeAndOnlyTheStartOfLongAnswers() throws Exception {
        String said = "I live in Porto and I work as a nurse. " + "Some more words of mine. ".repeat(20);
        helix.llm.options(MockLlmServer.Options.defaults().withAnswerWords(200));
        try {
            helix.say(key, "alice", conversation, said);
        } finally {
            helix.llm.options(MockLlmServer.Options.defaults());
        }
        JsonNode run = helix.synthesised(key, "alice", conversation);
        assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("done");

        String asked = synthesisCalls().get(0).body().at("/messages/1/content").asText();
        JsonNode lines = dev.helix.internal.Json.mapper().readTree(asked).get("messages");
        assertThat(lines.get(0).get("text").asText()).isEqualTo(said.strip());
        String answer = lines.get(1).get("text").asText();
        assertThat(answer).startsWith("mock reply to: ").endsWith("…");
        assertThat(answer).hasSize(Synthesiser.ASSISTANT_CHARS + 1);
    }

    @Test
    void aChangedFactEndsTheOldMemoryAndAddsTheNewOneWhileAKnownFactChangesNothing() {
        helix.say(key, "alice", conversation, "I live in Porto. I love green tea.");
        JsonNode first = helix.synthesised(key, "alice", conversation);
        assertThat(first.get("status").asText()).as(first.toString()).isEqualTo("done");
        String porto = idOf(helix.memories(key, "alice", true), "User lives in Porto");

        String moved = helix.say(key, "alice", conversation, "Actually, I moved to Lisbon. I love green tea!");
        JsonNode run = helix.synthesised(key, "alice", conversation);

        assertThat(run.get("seqFrom").asLong()).as("only the new messages").isEqualTo(3);
        assertThat(run.at("/changes/invalidated/0").asText()).isEqualTo(porto);
        assertThat(run.at("/changes/added")).hasSize(1);
        assertThat(run.at("/changes/unchanged").asInt())
                .as("green tea is known")
                .isEqualTo(1);
        assertThat(SynthesisFixture.texts(helix.memories(key, "alice", true)))
                .containsExactlyInAnyOrder("User lives in Lisbon", "User likes green tea");
        Reply old = helix.send("GET", "/api/v1/memory/" + porto, key, "alice", null);
        assertThat(old.status()).as(old.body()).isEqualTo(200);
        assertThat(old.json().toString())
                .contains("validTo")
                .contains("synthesis:" + run.get("id").asText());
        assertThat(old.json().get("validTo").isTextual())
                .as("ended, never deleted: " + old.body())
                .isTrue();
        JsonNode lisbon = helix.memories(key, "alice", true);
        assertThat(lisbon.findValuesAsText("text")).contains("User lives in Lisbon");
        assertThat(lisbon.toString()).contains(moved);

        JsonNode nothingNew = helix.synthesised(key, "alice", conversation);
        assertThat(nothingNew.get("status").asText()).isEqualTo("done");
        assertThat(nothingNew.at("/changes/added")).isEmpty();
    }

    @Test
    void eachRunEndsWithAnEventOfIdsAndCountsNeverTheMemoriesText() {
        helix.say(key, "alice", conversation, "My name is Alice Martin.");
        JsonNode run = helix.synthesised(key, "alice", conversation);

        Reply log = helix.client.get("/api/v1/event-log?types=memory.synthesis.finished&limit=100", key);
        assertThat(log.status()).as(log.body()).isEqualTo(200);
        JsonNode event = null;
        for (JsonNode e : log.json().get("events")) {
            if (e.at("/data/run").asText().equals(run.get("id").asText())) {
                event = e;
            }
        }
        assertThat(event).as(log.body()).isNotNull();
        assertThat(event.at("/data/conversation").asText()).isEqualTo(conversation);
        assertThat(event.at("/data/owner/user").asText()).isEqualTo("alice");
        assertThat(event.at("/data/read/messages").asInt()).isEqualTo(2);
        assertThat(event.at("/data/changes/added")).hasSize(1);
        assertThat(event.at("/data/costUsd").decimalValue()).isPositive();
        assertThat(event.toString()).doesNotContain("Alice Martin");
        String other = helix.key("other");
        Reply theirs = helix.client.get("/api/v1/event-log?types=memory.synthesis.finished&limit=100", other);
        assertThat(theirs.status()).as(theirs.body()).isEqualTo(200);
        assertThat(theirs.json().get("events"))
                .as("another key sees none of them")
                .isEmpty();
    }

    @Test
    void aFailingModelIsRetriedWithBackoffThenTheRunFailsForGoodWithItsEvent() {
        helix.say(key, "alice", conversation, "I live in Porto.");
        helix.llm.alwaysFail(Fault.status(500));
        JsonNode run;
        try {
            run = helix.synthesised(key, "alice", conversation);
        } finally {
            helix.llm.clearFaults();
        }

        assertThat(run.get("status").asText()).isEqualTo("failed");
        assertThat(run.get("attempts").asInt()).isEqualTo(3);
        assertThat(run.get("error").asText()).contains("extract call failed").contains("attempt 3/3");
        assertThat(run.get("finished").isNull()).isFalse();
        assertThat(synthesisCalls()).as("one extraction call per attempt").hasSize(3);
        assertThat(helix.memories(key, "alice", false)).isEmpty();
        Reply log = helix.client.get("/api/v1/event-log?types=memory.synthesis.failed&limit=100", key);
        assertThat(log.json().toString()).contains(run.get("id").asText());

        JsonNode again = helix.synthesised(key, "alice", conversation);
        assertThat(again.get("status").asText())
                .as("a later run reads the same messages")
                .isEqualTo("done");
        assertThat(again.get("seqFrom").asLong()).isEqualTo(1);
        assertThat(SynthesisFixture.texts(helix.memories(key, "alice", true))).containsExactly("User lives in Porto");
    }

    @Test
    void aConversationHasOneRunAtATimeAndAnotherAskedMeanwhileIs409NamingIt() {
        helix.say(key, "alice", conversation, "I live in Porto.");
        helix.llm.options(MockLlmServer.Options.defaults().withLatency(Duration.ofMillis(800)));
        try {
            Reply first = helix.synthesise(key, "alice", conversation);
            assertThat(first.status()).as(first.body()).isEqualTo(202);
            assertThat(first.header("Location"))
                    .isEqualTo(SynthesisApi.RUNS + "/" + first.json().get("id").asText());
            Reply second = helix.synthesise(key, "alice", conversation);
            assertThat(second.status()).as(second.body()).isEqualTo(409);
            assertThat(second.json().get("run").asText())
                    .isEqualTo(first.json().get("id").asText());
            assertThat(second.json().get("detail").asText()).contains("already");
            helix.awaitEnd(key, "alice", first.json().get("id").asText());
        } finally {
            helix.llm.options(MockLlmServer.Options.defaults());
        }
        assertThat(helix.runs(key, "alice", "?conversation=" + conversation)).hasSize(1);
    }

    @Test
    void aRunAnotherNodeTookWhileTheModelAnsweredWritesNoneOfItsChangesAndLeavesTheRunToThatNode() {
        helix.say(key, "alice", conversation, "I live in Porto. I work as a nurse.");
        String lost = "helix_synthesis_runs_total{outcome=\"lost\"}";
        double before = helix.metric(lost);
        helix.llm.options(MockLlmServer.Options.defaults().withLatency(Duration.ofMillis(300)));
        String run;
        try {
            Reply asked = helix.synthesise(key, "alice", conversation);
            assertThat(asked.status()).as(asked.body()).isEqualTo(202);
            run = asked.json().get("id").asText();
            Await.until("the model is answering the run", () -> helix.llm.activeRequests() > 0);
            helix.takeOver(run, "another-node");
            Await.until("the node has given the run up", () -> helix.metric(lost) == before + 1);
        } finally {
            helix.llm.options(MockLlmServer.Options.defaults());
        }

        assertThat(synthesisCalls())
                .as("it ran to the end: extraction and decision")
                .hasSize(2);
        assertThat(helix.memories(key, "alice", false))
                .as("the changes it decided are rolled back with its end")
                .isEmpty();
        Reply search = helix.send("GET", "/api/v1/memory/search?q=Porto%20nurse", key, "alice", null);
        assertThat(search.json().get("data"))
                .as("nor are they left in the index")
                .isEmpty();
        JsonNode held = helix.send("GET", SynthesisFixture.RUNS + "/" + run, key, "alice", null)
                .json();
        assertThat(held.get("status").asText()).as(held.toString()).isEqualTo("running");
        assertThat(held.at("/changes/added")).isEmpty();
        Reply log = helix.client.get("/api/v1/event-log?types=memory.*&limit=100", key);
        assertThat(log.json().toString()).doesNotContain(run);
    }

    @Test
    void aDecisionOnAMemoryDeletedWhileTheModelDecidedIsSkippedAndTheOthersAreMade() {
        helix.say(key, "alice", conversation, "I live in Porto.");
        helix.synthesised(key, "alice", conversation);
        String porto = idOf(helix.memories(key, "alice", true), "User lives in Porto");
        helix.say(key, "alice", conversation, "Actually, I moved to Lisbon.");
        long before = helix.llm.requestCount("/v1/chat/completions");
        helix.llm.options(MockLlmServer.Options.defaults().withLatency(Duration.ofMillis(500)));
        JsonNode run;
        try {
            Reply asked = helix.synthesise(key, "alice", conversation);
            Await.until("the model is deciding", () -> helix.llm.requestCount("/v1/chat/completions") == before + 2);
            Reply deleted = helix.send("DELETE", "/api/v1/memory/" + porto, key, "alice", null);
            assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
            run = helix.awaitEnd(key, "alice", asked.json().get("id").asText());
        } finally {
            helix.llm.options(MockLlmServer.Options.defaults());
        }

        assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("done");
        assertThat(run.get("attempts").asInt()).isEqualTo(1);
        assertThat(run.at("/changes/invalidated"))
                .as("the memory it would end is gone")
                .isEmpty();
        assertThat(run.at("/changes/unchanged").asInt()).isEqualTo(1);
        assertThat(SynthesisFixture.texts(helix.memories(key, "alice", false))).containsExactly("User lives in Lisbon");
    }

    @Test
    void runsAreListedNewestFirstByCursorAndByConversation() {
        String other = helix.conversation(key, "alice");
        helix.say(key, "alice", conversation, "I live in Porto.");
        String a = helix.synthesised(key, "alice", conversation).get("id").asText();
        String b = helix.synthesised(key, "alice", other).get("id").asText();
        String c = helix.synthesised(key, "alice", conversation).get("id").asText();

        Reply page = helix.send("GET", SynthesisFixture.RUNS + "?limit=2", key, "alice", null);
        assertThat(page.json().get("data").findValuesAsText("id")).containsExactly(c, b);
        String next = page.json().get("next").asText();
        Reply rest = helix.send("GET", SynthesisFixture.RUNS + "?limit=2&cursor=" + next, key, "alice", null);
        assertThat(rest.json().get("data").findValuesAsText("id")).containsExactly(a);
        assertThat(rest.json().get("next").isNull()).isTrue();
        assertThat(helix.runs(key, "alice", "?conversation=" + other).findValuesAsText("id"))
                .containsExactly(b);
    }

    private static String idOf(JsonNode memories, String text) {
        for (JsonNode m : memories) {
            if (m.get("text").asText().equals(text)) {
                return m.get("id").asText();
            }
        }
        throw new AssertionError("no memory '" + text + "' in " + memories);
    }

    /** The requests synthesis made of the mock, in order. */
    private List<RecordedRequest> synthesisCalls() {
        return helix.llm.requests().stream()
                .filter(r -> r.hasJsonBody() && r.body().has("response_format"))
                .toList();
    }
}
