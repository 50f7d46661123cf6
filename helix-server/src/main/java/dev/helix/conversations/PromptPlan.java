package dev.helix.conversations;

import java.util.List;
import java.util.function.ToIntFunction;

/**
 * How much of a conversation's history fits a prompt: the context window, less the tokens kept for the answer, less
 * the system prompt (persona, profile, memories) and the message to answer, is the budget of the history. If the
 * history since the last summary (and that summary) fits, all of it goes in. Otherwise the newest turns that fit in
 * the budget less a summary's allowance are kept, and the older ones are to be summarised into at most that
 * allowance ({@code conversations.summaryTokens}, at most half the budget). Under a history budget set to keep prompts
 * cheap ({@code conversations.historyTokens}), only the newest turns within half of that room are kept, so that the
 * turns that follow fit for a while before the summary has to be extended again (a summarising call per turn would
 * cost more than the tokens it saves).
 *
 * @param budget    tokens the history may take (negative: the message alone does not fit)
 * @param allowance tokens a new summary may take
 * @param dropped   the turns to summarise, oldest first (empty when everything fits)
 * @param kept      the turns that go in as they are, oldest first
 */
record PromptPlan(int budget, int allowance, List<History.Turn> dropped, List<History.Turn> kept) {
    /**
     * The plan for {@code history} (the turns since the last summary, before the message to answer) when the window
     * leaves {@code budget} tokens for it and the summary so far takes {@code summaryTokensNow}.
     */
    static PromptPlan of(
            List<History.Turn> history,
            int budget,
            int summaryTokensNow,
            int summaryTokens,
            ToIntFunction<PromptMessage> tokens) {
        return of(history, budget, summaryTokensNow, summaryTokens, false, tokens);
    }

    /**
     * {@link #of(List, int, int, int, ToIntFunction)}; with {@code spare}, when older turns must be summarised only the
     * newest within half the room are kept, leaving the other half for the turns to come.
     */
    static PromptPlan of(
            List<History.Turn> history,
            int budget,
            int summaryTokensNow,
            int summaryTokens,
            boolean spare,
            ToIntFunction<PromptMessage> tokens) {
        int all = summaryTokensNow;
        for (History.Turn t : history) {
            all += tokens.applyAsInt(t.message());
        }
        if (budget < 0 || all <= budget) {
            return new PromptPlan(budget, 0, List.of(), history);
        }
        int allowance = Math.min(summaryTokens, budget / 2);
        int room = spare ? (budget - allowance) / 2 : budget - allowance;
        int first = history.size();
        while (first > 0) {
            int next = tokens.applyAsInt(history.get(first - 1).message());
            if (next > room) {
                break;
            }
            room -= next;
            first--;
        }
        return new PromptPlan(budget, allowance, history.subList(0, first), history.subList(first, history.size()));
    }

    /** Whether older turns must be summarised (or, failing that, left out). */
    boolean summarises() {
        return !dropped.isEmpty();
    }

    /** Whether the message to answer, with the system prompt, leaves no room in the window. */
    boolean overflows() {
        return budget < 0;
    }
}
