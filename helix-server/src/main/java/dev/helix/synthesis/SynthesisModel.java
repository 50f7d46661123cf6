package dev.helix.synthesis;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The model synthesis asks: the one the conversation's agent names for the task {@value #TASK}, called through the
 * LLM gateway (routing, failover, budgets, usage by agent and task), and embeddings of a configured model. The
 * wiring implements it over the gateway, so this package does not depend on it. Calls never throw for what can go
 * wrong at run time: the reply says.
 */
public interface SynthesisModel {
    /** The task synthesis's calls are made for, in usage records and in agents' models per task. */
    String TASK = "synthesise";

    /** One chat completion, not streamed, with {@code responseFormat} as the request's {@code response_format}. */
    Reply chat(Call call);

    /** Embeddings of {@code texts} by {@code model}, accounted to {@code keyId} and {@code agent}. */
    Vectors embed(String agent, String keyId, String requestId, String model, List<String> texts);

    /**
     * A chat call.
     *
     * @param agent          the agent whose {@value #TASK} model answers
     * @param keyId          the API key the call is accounted to (the conversation's owner's)
     * @param requestId      identifies the call in usage records
     * @param system         the system message
     * @param user           the user message
     * @param responseFormat the {@code response_format} member
     */
    record Call(
            String agent,
            String keyId,
            String requestId,
            String system,
            String user,
            Map<String, Object> responseFormat) {}

    /**
     * What a chat call gave.
     *
     * @param ok               whether the whole answer arrived
     * @param text             the answer
     * @param promptTokens     prompt tokens
     * @param completionTokens completion tokens
     * @param costNanos        what it cost, in nano-dollars
     * @param nanos            how long it took
     * @param error            what went wrong when not ok
     */
    record Reply(
            boolean ok,
            String text,
            long promptTokens,
            long completionTokens,
            long costNanos,
            long nanos,
            @Nullable String error) {}

    /**
     * What an embeddings call gave.
     *
     * @param vectors      one per text, in order; empty when it failed
     * @param promptTokens tokens of the texts
     * @param costNanos    what it cost, in nano-dollars
     * @param nanos        how long it took
     * @param error        what went wrong, or null
     */
    record Vectors(
            List<float[]> vectors,
            long promptTokens,
            long costNanos,
            long nanos,
            @Nullable String error) {
        public Vectors {
            vectors = List.copyOf(vectors);
        }
    }
}
