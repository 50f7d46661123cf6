package dev.helix.gateway;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Embeddings asked from inside Helix ({@link GatewayCalls#embeddings}): one vector per input text, accounted like
 * any other call.
 *
 * @param keyId     the API key the call is accounted to: its budget and per-minute limits apply
 * @param requestId identifies the call in usage records and limits
 * @param model     a gateway model name whose deployments make embeddings
 * @param inputs    the texts, 1 to 2048
 * @param agent     the agent the call is made for, or null
 * @param task      the task the call does (usually {@code embed}), or null
 */
public record EmbeddingsCall(
        String keyId,
        String requestId,
        String model,
        List<String> inputs,
        @Nullable String agent,
        @Nullable String task) {
    /** The most texts one call takes, as OpenAI's API. */
    public static final int MAX_INPUTS = 2048;

    public EmbeddingsCall {
        ChatCall.requireText(keyId, "keyId");
        ChatCall.requireText(requestId, "requestId");
        ChatCall.requireText(model, "model");
        inputs = List.copyOf(inputs);
        if (inputs.isEmpty() || inputs.size() > MAX_INPUTS) {
            throw new IllegalArgumentException(
                    "an embeddings call takes 1 to " + MAX_INPUTS + " texts, not " + inputs.size());
        }
        Attribution.check(agent, task);
    }

    /** A call without attribution. */
    public static EmbeddingsCall of(String keyId, String requestId, String model, List<String> inputs) {
        return new EmbeddingsCall(keyId, requestId, model, inputs, null, null);
    }

    /** This call attributed to {@code agent} and {@code task} (either may be null). */
    public EmbeddingsCall attributedTo(@Nullable String agent, @Nullable String task) {
        return new EmbeddingsCall(keyId, requestId, model, inputs, agent, task);
    }
}
