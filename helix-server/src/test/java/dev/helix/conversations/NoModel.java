package dev.helix.conversations;

import java.util.List;

/** A model for tests that never reach one: every call fails, saying so. */
final class NoModel implements AnswerModel {
    @Override
    public Result answer(Call call, TextListener onText) {
        return Result.failed("", "no model in this test");
    }

    @Override
    public int contextWindow(String agent, String task) {
        return 8192;
    }

    @Override
    public int countTokens(String agent, String task, List<PromptMessage> messages) {
        return messages.stream().mapToInt(m -> m.content().length() / 4 + 4).sum() + 3;
    }
}
