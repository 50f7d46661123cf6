package dev.helix;

import dev.helix.agents.Agent;
import dev.helix.agents.AgentRegistry;
import dev.helix.gateway.ChatCall;
import dev.helix.gateway.ChatResult;
import dev.helix.gateway.EmbeddingsCall;
import dev.helix.gateway.EmbeddingsResult;
import dev.helix.gateway.GatewayCalls;
import dev.helix.synthesis.SynthesisModel;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Memory synthesis's model calls through the LLM gateway: the model the conversation's agent names for the task
 * {@value SynthesisModel#TASK} ({@link Agent#modelFor}), called in-process with the gateway's routing, failover,
 * budgets and usage accounting, attributed to the agent and the task, accounted to the conversation owner's key;
 * and embeddings of the configured model, likewise.
 */
final class GatewaySynthesis implements SynthesisModel {
    private final AgentRegistry agents;
    private final GatewayCalls calls;

    GatewaySynthesis(AgentRegistry agents, GatewayCalls calls) {
        this.agents = agents;
        this.calls = calls;
    }

    @Override
    public Reply chat(Call call) {
        long start = System.nanoTime();
        Optional<Agent> agent = agents.find(call.agent());
        if (agent.isEmpty()) {
            return new Reply(false, "", 0, 0, 0, 0, "the agent '" + call.agent() + "' no longer exists");
        }
        ChatCall chat = new ChatCall(
                call.keyId(),
                call.requestId(),
                agent.get().modelFor(TASK),
                List.of(ChatCall.Message.system(call.system()), ChatCall.Message.user(call.user())),
                Map.of("response_format", call.responseFormat(), "temperature", 0),
                false,
                call.agent(),
                TASK);
        ChatResult r = calls.chat(chat);
        return new Reply(
                r.complete(),
                r.text(),
                r.promptTokens(),
                r.completionTokens(),
                nanos(r.costUsd()),
                System.nanoTime() - start,
                r.complete() ? null : r.error());
    }

    @Override
    public Vectors embed(String agent, String keyId, String requestId, String model, List<String> texts) {
        long start = System.nanoTime();
        EmbeddingsResult r = calls.embeddings(new EmbeddingsCall(keyId, requestId, model, texts, agent, TASK));
        return new Vectors(
                r.complete() ? r.vectors() : List.of(),
                r.promptTokens(),
                nanos(r.costUsd()),
                System.nanoTime() - start,
                r.error());
    }

    private static long nanos(BigDecimal usd) {
        return usd.movePointRight(9).longValue();
    }
}
