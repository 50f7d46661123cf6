package dev.helix;

import dev.helix.agents.Agent;
import dev.helix.agents.AgentRegistry;
import dev.helix.conversations.AnswerModel;
import dev.helix.conversations.PromptMessage;
import dev.helix.gateway.ChatCall;
import dev.helix.gateway.ChatResult;
import dev.helix.gateway.GatewayCalls;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The agents' answers in conversations, written through the LLM gateway: the model an agent names for the task
 * ({@link Agent#modelFor}), called in-process with the gateway's routing, failover, budgets, cache and usage
 * accounting, usage attributed to the agent and the task; always streamed, so the text reaches clients as it is
 * written and an answer can be stopped mid-way.
 */
final class GatewayAnswers implements AnswerModel {
    private final AgentRegistry agents;
    private final GatewayCalls calls;

    GatewayAnswers(AgentRegistry agents, GatewayCalls calls) {
        this.agents = agents;
        this.calls = calls;
    }

    @Override
    public Result answer(Call call, TextListener onText) {
        Optional<Agent> agent = agents.find(call.agent());
        if (agent.isEmpty()) {
            return Result.failed("", "the agent '" + call.agent() + "' no longer exists");
        }
        String model = agent.get().modelFor(call.task());
        ChatCall chat = new ChatCall(
                call.keyId(),
                call.requestId(),
                model,
                call.messages().stream()
                        .map(m -> new ChatCall.Message(m.role(), m.content()))
                        .toList(),
                options(agent.get(), call.maxTokens()),
                true,
                call.agent(),
                call.task());
        ChatResult r = calls.chat(chat, onText::onText);
        return new Result(
                switch (r.status()) {
                    case COMPLETE -> Outcome.COMPLETE;
                    case CUT -> Outcome.CUT;
                    case FAILED -> Outcome.FAILED;
                    case REFUSED -> Outcome.REFUSED;
                },
                r.text(),
                r.model(),
                r.deployment(),
                r.promptTokens(),
                r.completionTokens(),
                r.costUsd().doubleValue(),
                r.latencyMillis(),
                r.finishReason(),
                r.error());
    }

    /** The request options an agent's call carries: its temperature, and the answer's token limit when set. */
    private static Map<String, Object> options(Agent agent, int maxTokens) {
        Map<String, Object> options = new LinkedHashMap<>();
        if (agent.temperature() != null) {
            options.put("temperature", agent.temperature());
        }
        if (maxTokens > 0) {
            options.put("max_tokens", maxTokens);
        }
        return options;
    }

    @Override
    public int contextWindow(String agent, String task) {
        return calls.contextWindow(model(agent, task));
    }

    @Override
    public int countTokens(String agent, String task, List<PromptMessage> messages) {
        return calls.countTokens(
                model(agent, task),
                messages.stream()
                        .map(m -> new ChatCall.Message(m.role(), m.content()))
                        .toList());
    }

    /**
     * The model {@code agent} names for {@code task}; for an agent that is gone, no model (the gateway's defaults
     * for the window and the count; its answer fails before any call).
     */
    private String model(String agent, String task) {
        return agents.find(agent).map(a -> a.modelFor(task)).orElse("");
    }
}
