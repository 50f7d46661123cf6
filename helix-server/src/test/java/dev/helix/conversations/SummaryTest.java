package dev.helix.conversations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.testkit.MockLlmServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Long conversations through the real gateway, with the agent's chat model given a small context window: older
 * turns are summarised by the summarising model into a stored summary that stands for them; when summarising fails,
 * they are left out and the answer says which and why.
 */
@Timeout(90)
class SummaryTest {
    /** A window the persona and a dozen turns outgrow. */
    static final String SMALL_WINDOW = "contextWindow: 700";

    static ConversationServer server(boolean summariserFails) {
        return new ConversationServer(
                MockLlmServer.Options.defaults(),
                SMALL_WINDOW,
                c -> c.toBuilder()
                        .conversations(b -> b.answerTokens(100).summaryTokens(60))
                        .build(),
                false,
                summariserFails);
    }

    /** Talks in a new conversation until an answer's prompt context has {@code member}; answers the turns. */
    static List<JsonNode> talkUntil(ConversationServer server, String member) {
        Calls calls = new Calls(server.client());
        String key = calls.client().createKey("app", "user");
        String id = calls.create(key, null, "coder");
        List<JsonNode> turns = new ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            JsonNode turn = calls.say(
                            key,
                            null,
                            id,
                            "{\"content\":\"Message " + i + ": please remember that the " + "quick brown fox number "
                                    + i + " jumps over the lazy dog by the old river bank.\"}")
                    .json();
            turns.add(turn);
            if (turn.at("/answer/metadata/context").has(member)) {
                return turns;
            }
        }
        throw new AssertionError("no answer's context had '" + member + "' after 30 turns: " + turns.getLast());
    }

    private static String prompt(MockLlmServer llm) {
        StringBuilder all = new StringBuilder();
        llm.lastRequest()
                .body()
                .get("messages")
                .forEach(m -> all.append(m.get("content").asText()).append('\n'));
        return all.toString();
    }

    @Nested
    class Summarised {
        @RegisterExtension
        static ConversationServer server = server(false);

        @Test
        void olderTurnsAreSummarisedIntoAStoredSummaryThatStandsForThemInThePrompt() {
            List<JsonNode> turns = talkUntil(server, "summaryCovers");
            JsonNode answer = turns.getLast().get("answer");
            assertThat(answer.get("status").asText()).isEqualTo("complete");
            JsonNode context = answer.at("/metadata/context");
            long covers = context.get("summaryCovers").asLong();
            String chat = prompt(server.llm);
            assertThat(server.llm.lastRequest().body().get("model").asText()).isEqualTo("smart-1");
            assertThat(chat).contains("Summary of the earlier conversation:").doesNotContain("fox number 1 ");
            assertThat(context.at("/history/from").asLong()).isGreaterThan(covers);
            assertThat(server.llm.requests().stream()
                            .anyMatch(r -> r.body().path("model").asText().equals("fast-1")))
                    .as("summarised by the agent's summarising model")
                    .isTrue();

            Calls calls = new Calls(server.client());
            String conversation = answer.get("conversation").asText();
            JsonNode summary = null;
            JsonNode messages = calls.get(
                            Calls.BASE + "/" + conversation + "/messages?limit=100",
                            calls.client().adminKey(),
                            null)
                    .json()
                    .get("data");
            for (JsonNode m : messages) {
                if (m.get("kind").asText().equals("summary")) {
                    summary = m;
                }
            }
            assertThat(summary).isNotNull();
            assertThat(summary.get("role").asText()).isEqualTo("system");
            assertThat(summary.get("covers").asLong()).isEqualTo(covers);
            assertThat(summary.get("id").asText())
                    .isEqualTo(context.get("summary").asText());
            assertThat(summary.get("model").asText()).isEqualTo("fast");
            assertThat(chat).contains(summary.at("/content/0/text").asText());
            assertThat(messages.get(0).at("/content/0/text").asText())
                    .as("nothing is deleted")
                    .startsWith("Message 1:");
        }
    }

    @Nested
    class HistoryBudget {
        @RegisterExtension
        static ConversationServer server = new ConversationServer(
                MockLlmServer.Options.defaults(),
                "",
                c -> c.toBuilder()
                        .conversations(b -> b.summaryTokens(60).historyTokens(200))
                        .build(),
                false,
                false);

        @Test
        void aHistoryBudgetSummarisesOlderTurnsLongBeforeTheWindowIsFull() {
            List<JsonNode> turns = talkUntil(server, "summaryCovers");
            JsonNode context = turns.getLast().at("/answer/metadata/context");
            assertThat(context.get("window").asInt())
                    .as("a window the turns are far from filling")
                    .isGreaterThan(4000);
            assertThat(context.get("historyTokens").asInt()).isEqualTo(200);
            assertThat(turns).as("summarised within a few turns").hasSizeLessThan(12);
            assertThat(prompt(server.llm))
                    .contains("Summary of the earlier conversation:")
                    .doesNotContain("fox number 1 ");
        }
    }

    @Nested
    class SummaryFails {
        @RegisterExtension
        static ConversationServer server = server(true);

        @Test
        void whenSummarisingFailsTheOlderTurnsAreLeftOutAndTheAnswerSaysWhich() {
            List<JsonNode> turns = talkUntil(server, "leftOut");
            JsonNode answer = turns.getLast().get("answer");
            assertThat(answer.get("status").asText()).isEqualTo("complete");
            JsonNode context = answer.at("/metadata/context");
            assertThat(context.get("summaryError").asText()).contains("summarising with model 'fast' failed");
            assertThat(context.at("/leftOut/from").asLong()).isEqualTo(1);
            long through = context.at("/leftOut/through").asLong();
            assertThat(context.at("/history/from").asLong()).isGreaterThan(through);
            assertThat(prompt(server.llm)).doesNotContain("fox number 1 ").contains("Message " + turns.size() + ":");
        }
    }
}
