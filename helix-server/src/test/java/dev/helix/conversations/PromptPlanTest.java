package dev.helix.conversations;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How much history fits a prompt, counted here as one token per character of content. */
class PromptPlanTest {
    private static List<History.Turn> turns(int... sizes) {
        List<History.Turn> out = new ArrayList<>();
        for (int i = 0; i < sizes.length; i++) {
            out.add(new History.Turn(i + 1, PromptMessage.user("x".repeat(sizes[i]))));
        }
        return out;
    }

    private static PromptPlan plan(List<History.Turn> history, int budget, int summaryNow, int summaryTokens) {
        return PromptPlan.of(
                history, budget, summaryNow, summaryTokens, m -> m.content().length());
    }

    @Test
    void historyThatFitsGoesInWhole() {
        PromptPlan plan = plan(turns(10, 20, 30), 60, 0, 50);
        assertThat(plan.summarises()).isFalse();
        assertThat(plan.kept()).hasSize(3);
    }

    @Test
    void theSummarySoFarCountsAgainstTheBudget() {
        assertThat(plan(turns(10, 20, 30), 70, 10, 50).summarises()).isFalse();
        assertThat(plan(turns(10, 20, 30), 70, 11, 50).summarises()).isTrue();
    }

    @Test
    void whatDoesNotFitIsSummarisedAndTheNewestTurnsKeptWithinTheBudgetLessTheAllowance() {
        PromptPlan plan = plan(turns(40, 30, 20, 10), 80, 0, 30);
        assertThat(plan.allowance()).isEqualTo(30);
        assertThat(plan.kept()).extracting(History.Turn::seq).containsExactly(3L, 4L);
        assertThat(plan.dropped()).extracting(History.Turn::seq).containsExactly(1L, 2L);
    }

    @Test
    void theAllowanceIsAtMostHalfTheBudget() {
        PromptPlan plan = plan(turns(40, 30, 20, 10), 40, 0, 500);
        assertThat(plan.allowance()).isEqualTo(20);
        assertThat(plan.kept()).extracting(History.Turn::seq).containsExactly(4L);
    }

    @Test
    void aTurnNewerThanOneThatDoesNotFitIsNeverKeptAcrossTheGap() {
        PromptPlan plan = plan(turns(5, 100, 5), 50, 0, 10);
        assertThat(plan.kept()).extracting(History.Turn::seq).containsExactly(3L);
        assertThat(plan.dropped()).extracting(History.Turn::seq).containsExactly(1L, 2L);
    }

    @Test
    void underAHistoryBudgetOnlyHalfTheRoomIsKeptSoTheNextTurnsFitWithoutSummarisingAgain() {
        List<History.Turn> history = turns(40, 30, 20, 10);
        PromptPlan spare =
                PromptPlan.of(history, 80, 0, 30, true, m -> m.content().length());
        assertThat(spare.kept()).extracting(History.Turn::seq).containsExactly(4L);
        assertThat(spare.dropped()).extracting(History.Turn::seq).containsExactly(1L, 2L, 3L);
        assertThat(plan(history, 80, 0, 30).kept())
                .as("without one, all the room")
                .hasSize(2);
        assertThat(PromptPlan.of(
                                turns(10, 20, 30),
                                60,
                                0,
                                50,
                                true,
                                m -> m.content().length())
                        .summarises())
                .as("what fits goes in whole all the same")
                .isFalse();
    }

    @Test
    void aMessageThatDoesNotFitAloneOverflows() {
        PromptPlan plan = plan(turns(10), -1, 0, 10);
        assertThat(plan.overflows()).isTrue();
        assertThat(plan.summarises()).isFalse();
    }
}
