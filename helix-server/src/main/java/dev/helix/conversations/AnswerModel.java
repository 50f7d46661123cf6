package dev.helix.conversations;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What writes an agent's answers: the model the agent names for a task ({@value #CHAT} for answers,
 * {@value #SUMMARISE} for summaries of older turns), called through the LLM gateway so that its routing, failover,
 * budgets, cache and usage accounting apply. The wiring implements it over the gateway, so this package does not
 * depend on it.
 */
public interface AnswerModel {
    /** The task of answering a message. */
    String CHAT = "chat";
    /** The task of summarising older turns. */
    String SUMMARISE = "summarise";

    /**
     * Asks the model {@code call.agent()} names for {@code call.task()}; streams the text to {@code onText} as it
     * arrives. Never throws for what can go wrong at run time: the result says how it ended.
     */
    Result answer(Call call, TextListener onText);

    /** The context window, in tokens, of the model {@code agent} names for {@code task}. */
    int contextWindow(String agent, String task);

    /** An estimate of the tokens {@code messages} take as a prompt for the model {@code agent} names for {@code task}. */
    int countTokens(String agent, String task, List<PromptMessage> messages);

    /** Receives the text of an answer as it arrives; throwing stops the answer (it ends {@link Outcome#CUT}). */
    @FunctionalInterface
    interface TextListener {
        /** Ignores the text. */
        TextListener NONE = delta -> {};

        void onText(String delta) throws Exception;
    }

    /**
     * One call of the model.
     *
     * @param agent     the agent whose model answers
     * @param task      {@link #CHAT} or {@link #SUMMARISE}
     * @param keyId     the API key the call is accounted to: its budget and limits apply
     * @param requestId identifies the call in usage records
     * @param messages  the prompt
     * @param maxTokens the most tokens the answer may have, or 0 for the model's own limit
     */
    record Call(
            String agent, String task, String keyId, String requestId, List<PromptMessage> messages, int maxTokens) {
        public Call {
            messages = List.copyOf(messages);
        }
    }

    /** How a call ended. */
    enum Outcome {
        /** The whole answer arrived. */
        COMPLETE,
        /** The answer stopped after some of its text (the stream broke, or the listener stopped it). */
        CUT,
        /** Nothing usable. */
        FAILED,
        /** The key's budget or limits refused the call. */
        REFUSED
    }

    /**
     * What a call gave.
     *
     * @param outcome          how it ended
     * @param text             the answer (what arrived, when cut)
     * @param model            the gateway model asked
     * @param deployment       the deployment that answered, or null
     * @param promptTokens     prompt tokens as the provider counted them
     * @param completionTokens completion tokens likewise
     * @param costUsd          what it cost in US dollars
     * @param latencyMillis    how long it took
     * @param finishReason     why the model stopped, or null
     * @param error            what went wrong when not complete, else null
     */
    record Result(
            Outcome outcome,
            String text,
            String model,
            @Nullable String deployment,
            long promptTokens,
            long completionTokens,
            double costUsd,
            long latencyMillis,
            @Nullable String finishReason,
            @Nullable String error) {
        public Result {
            Objects.requireNonNull(outcome, "outcome");
            Objects.requireNonNull(text, "text");
        }

        /** A call that was never made, for {@code why}. */
        public static Result failed(String model, String why) {
            return new Result(Outcome.FAILED, "", model, null, 0, 0, 0, 0, null, why);
        }
    }
}
