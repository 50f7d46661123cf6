package dev.helix.conversations;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Summarises older turns of a conversation with the model its agent names for {@link AnswerModel#SUMMARISE}: the
 * summary so far and the turns to fold into it go in, an updated summary of at most the allowance comes out. Turns
 * that do not fit the summarising model's window in one call are folded in over several, oldest first; a single turn
 * longer than a call can take goes in cut to fit, marked so.
 */
final class Summaries {
    /** Tokens kept free in a summarising call besides the summary and the instruction. */
    static final int MARGIN = 64;

    private static final String INSTRUCTION = "You keep a running summary of a conversation between a user and an "
            + "assistant, for the assistant's own later use. Merge the new messages into the summary so far: keep the "
            + "facts, names, numbers, decisions, open questions and the user's preferences; drop greetings and "
            + "repetition. Write only the updated summary, in the conversation's language.";

    private final AnswerModel model;

    Summaries(AnswerModel model) {
        this.model = model;
    }

    /**
     * A summary, or why there is none.
     *
     * @param text   the summary (empty when it failed)
     * @param calls  the calls made, with their figures
     * @param error  why there is no summary, or null
     */
    record Outcome(
            String text,
            List<AnswerModel.Result> calls,
            @Nullable String error) {
        boolean ok() {
            return error == null;
        }
    }

    /** Folds {@code turns} into {@code previous} (empty: none yet) for {@code agent}, accounted to {@code keyId}. */
    Outcome summarise(
            String agent, String keyId, String requestId, String previous, List<History.Turn> turns, int allowance) {
        String summary = previous;
        List<AnswerModel.Result> calls = new ArrayList<>();
        for (List<String> chunk : chunks(agent, summary, turns, allowance)) {
            AnswerModel.Call call = new AnswerModel.Call(
                    agent,
                    AnswerModel.SUMMARISE,
                    keyId,
                    requestId + "-summary-" + (calls.size() + 1),
                    prompt(summary, chunk),
                    allowance);
            AnswerModel.Result r = model.answer(call, AnswerModel.TextListener.NONE);
            calls.add(r);
            if (r.outcome() != AnswerModel.Outcome.COMPLETE || r.text().isBlank()) {
                return new Outcome(
                        "",
                        calls,
                        "summarising with model '" + r.model() + "' failed: "
                                + (r.error() == null ? "it wrote nothing" : r.error()));
            }
            summary = r.text().strip();
        }
        return new Outcome(summary, calls, null);
    }

    /**
     * The turns as lines, grouped so that each group fits one call of the summarising model with the summary so far
     * (counted at its allowance, which a summary never exceeds).
     */
    private List<List<String>> chunks(String agent, String previous, List<History.Turn> turns, int allowance) {
        int window = model.contextWindow(agent, AnswerModel.SUMMARISE);
        int fixed = count(agent, prompt("", List.of())) + Math.max(allowance, count(agent, previous)) + allowance;
        int room = Math.max(1, window - fixed - MARGIN);
        List<List<String>> chunks = new ArrayList<>();
        List<String> chunk = new ArrayList<>();
        int used = 0;
        for (History.Turn t : turns) {
            String line = fit(agent, t.message().role() + ": " + t.message().content(), room);
            int tokens = count(agent, line);
            if (!chunk.isEmpty() && used + tokens > room) {
                chunks.add(chunk);
                chunk = new ArrayList<>();
                used = 0;
            }
            chunk.add(line);
            used += tokens;
        }
        if (!chunk.isEmpty()) {
            chunks.add(chunk);
        }
        return chunks;
    }

    /** {@code line}, cut (and marked so) until it takes at most {@code room} tokens. */
    private String fit(String agent, String line, int room) {
        String text = line;
        while (text.length() > 1 && count(agent, text) > room) {
            int keep = (int) (text.length() * 0.8);
            text = text.substring(0, keep);
        }
        return text.length() == line.length() ? line : text + " […cut to fit the summarising model]";
    }

    private int count(String agent, String text) {
        return model.countTokens(agent, AnswerModel.SUMMARISE, List.of(PromptMessage.user(text)));
    }

    private int count(String agent, List<PromptMessage> prompt) {
        return model.countTokens(agent, AnswerModel.SUMMARISE, prompt);
    }

    private static List<PromptMessage> prompt(String previous, List<String> lines) {
        String body = "Summary so far:\n" + (previous.isEmpty() ? "(none yet)" : previous) + "\n\nNew messages:\n"
                + String.join("\n\n", lines);
        return List.of(PromptMessage.system(INSTRUCTION), PromptMessage.user(body));
    }
}
