package dev.helix.conversations;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Folding older turns into a summary, with a model that counts a token per character and answers with what it was
 * given to summarise: turns that do not fit one call go over several, a turn too long for any is cut and marked.
 */
class SummariesTest {
    /** Counts a token per character; "summarises" by answering the last line it was given, and records each call. */
    static class Recording implements AnswerModel {
        final List<Call> calls = new ArrayList<>();
        final int window;

        Recording(int window) {
            this.window = window;
        }

        @Override
        public Result answer(Call call, TextListener onText) {
            calls.add(call);
            String body = call.messages().getLast().content();
            String text = "S" + calls.size() + "<" + body.substring(body.lastIndexOf('\n') + 1) + ">";
            return new Result(Outcome.COMPLETE, text, "fast", "mock/fast-1", 10, 5, 0.001, 3, "stop", null);
        }

        @Override
        public int contextWindow(String agent, String task) {
            return window;
        }

        @Override
        public int countTokens(String agent, String task, List<PromptMessage> messages) {
            return messages.stream().mapToInt(m -> m.content().length()).sum();
        }
    }

    private static List<History.Turn> turns(String... texts) {
        List<History.Turn> out = new ArrayList<>();
        for (int i = 0; i < texts.length; i++) {
            out.add(new History.Turn(i + 1, PromptMessage.user(texts[i])));
        }
        return out;
    }

    @Test
    void turnsThatFitOneCallAreSummarisedInOne() {
        Recording model = new Recording(100_000);
        Summaries.Outcome outcome =
                new Summaries(model).summarise("coder", "key_a", "req", "before", turns("one", "two"), 50);
        assertThat(outcome.ok()).isTrue();
        assertThat(model.calls).hasSize(1);
        AnswerModel.Call call = model.calls.getFirst();
        assertThat(call.task()).isEqualTo(AnswerModel.SUMMARISE);
        assertThat(call.maxTokens()).isEqualTo(50);
        assertThat(call.keyId()).isEqualTo("key_a");
        assertThat(call.messages().getLast().content()).contains("Summary so far:\nbefore", "user: one", "user: two");
        assertThat(outcome.text()).isEqualTo("S1<user: two>");
    }

    @Test
    void turnsThatDoNotFitOneCallAreFoldedInOverSeveralOldestFirst() {
        Recording model = new Recording(1000);
        String big = "y".repeat(300);
        Summaries.Outcome outcome =
                new Summaries(model).summarise("coder", "key_a", "req", "", turns(big, big, big, big), 40);
        assertThat(outcome.ok()).isTrue();
        assertThat(model.calls.size()).isGreaterThan(1);
        assertThat(model.calls.get(1).messages().getLast().content())
                .as("the summary so far goes on")
                .contains("S1<");
        assertThat(model.calls.get(1).requestId()).isEqualTo("req-summary-2");
        assertThat(outcome.calls()).hasSize(model.calls.size());
    }

    @Test
    void aTurnTooLongForAnyCallIsCutToFitAndMarked() {
        Recording model = new Recording(800);
        Summaries.Outcome outcome =
                new Summaries(model).summarise("coder", "key_a", "req", "", turns("z".repeat(5000)), 40);
        assertThat(outcome.ok()).isTrue();
        String sent = model.calls.getFirst().messages().getLast().content();
        assertThat(sent).contains("[…cut to fit the summarising model]");
        assertThat(model.countTokens(
                        "coder", AnswerModel.SUMMARISE, model.calls.getFirst().messages()))
                .isLessThanOrEqualTo(800);
    }

    @Test
    void aFailedCallFailsTheSummarySayingWhy() {
        AnswerModel failing = new Recording(1000) {
            @Override
            public Result answer(Call call, TextListener onText) {
                return Result.failed("fast", "every deployment failed");
            }
        };
        Summaries.Outcome outcome = new Summaries(failing).summarise("coder", "key_a", "req", "", turns("a"), 40);
        assertThat(outcome.ok()).isFalse();
        assertThat(outcome.error()).isEqualTo("summarising with model 'fast' failed: every deployment failed");
    }
}
