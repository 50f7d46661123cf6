package dev.helix.conversations;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.helix.config.HelixConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Makes the prompt of an answer: the agent's persona, the person's profile and most relevant memories, then as much
 * recent history as the agent's chat model's context window holds (less {@code conversations.answerTokens} for the
 * answer; at most {@code conversations.historyTokens} when that is set), then the message to answer. History that does not fit is summarised ({@link Summaries}) and the summary,
 * stored as a {@code system} message of kind {@code summary}, stands for it in this prompt and later ones, extended
 * as the conversation grows; no message is ever deleted. If summarising fails, the older history is left out and the
 * answer's metadata says which messages and why: a prompt is never shortened silently.
 *
 * <p>The answer's metadata ({@code context}) records how its prompt was made: the window, the tokens kept for the
 * answer, the estimated prompt tokens, the seqs of the history it holds, the summary it used, and anything left out.
 */
final class Prompts {
    private static final String SUMMARY_HEADING = "Summary of the earlier conversation:\n";

    private final Conversations conversations;
    private final AnswerModel model;
    private final PromptContext context;
    private final Summaries summaries;
    private final HelixConfig.Conversations config;

    Prompts(Conversations conversations, AnswerModel model, PromptContext context) {
        this.conversations = conversations;
        this.model = model;
        this.context = context;
        this.summaries = new Summaries(model);
        this.config = conversations.config();
    }

    /**
     * A prompt, or why there is none.
     *
     * @param messages the prompt
     * @param metadata how it was made, for the answer's metadata
     * @param failure  why no prompt could be made, or null
     */
    record Prompt(
            List<PromptMessage> messages,
            ObjectNode metadata,
            @Nullable String failure) {}

    /** The prompt of {@code answer}, the answer of {@code sent} in {@code owner}'s conversation with {@code agent}. */
    Prompt build(Owner owner, String agent, Message sent, Message answer, String requestId) {
        return new Making(owner, agent, sent, answer, requestId).prompt();
    }

    /** The making of one prompt: what it is for, and its metadata as it is made. */
    private final class Making {
        private final Owner owner;
        private final String agent;
        private final Message sent;
        private final Message answer;
        private final String requestId;
        private final ObjectNode metadata = Drafts.empty();
        private final ObjectNode ctx = metadata.putObject("context");

        Making(Owner owner, String agent, Message sent, Message answer, String requestId) {
            this.owner = owner;
            this.agent = agent;
            this.sent = sent;
            this.answer = answer;
            this.requestId = requestId;
        }

        Prompt prompt() {
            Optional<String> persona = conversations.agents().persona(agent);
            if (persona.isEmpty()) {
                return failed("the agent '" + agent + "' no longer exists");
            }
            PromptContext.Extras extras = context.extras(owner, agent, sent.text());
            ctx.put("profile", !extras.profile().isEmpty())
                    .put("memories", extras.memories().size());
            List<PromptMessage> system = system(persona.get(), extras);
            PromptMessage current = PromptMessage.user(History.text(sent));
            Optional<Message> summary =
                    tables().read(h -> tables().messages.latestSummary(h, owner, answer.conversation(), answer.seq()));
            PromptPlan plan = plan(system, current, summary);
            if (plan.overflows()) {
                return failed("the message with the agent's instructions takes about "
                        + (window() - config.answerTokens() - plan.budget()) + " tokens, more than the " + window()
                        + "-token context window of the agent's model leaves with " + config.answerTokens()
                        + " kept for the answer (conversations.answerTokens)");
            }
            @Nullable
            PromptMessage summaryTurn = plan.summarises()
                    ? summarised(summary, plan)
                    : summary.map(this::used).orElse(null);
            return assemble(system, summaryTurn, plan, current);
        }

        /** How the history since the last summary (before the message) fits the window. */
        private PromptPlan plan(List<PromptMessage> system, PromptMessage current, Optional<Message> summary) {
            long from = summary.map(s -> s.covers() == null ? 0 : s.covers()).orElse(0L) + 1;
            List<History.Turn> history = new ArrayList<>(History.turns(tables().read(
                            h -> tables().messages.range(h, owner, answer.conversation(), from, answer.seq() - 1))));
            history.removeIf(t -> t.seq() == sent.seq());
            List<PromptMessage> fixed = new ArrayList<>(system);
            fixed.add(current);
            int budget = window() - config.answerTokens() - count(agent, fixed);
            ctx.put("window", window()).put("answerTokens", config.answerTokens());
            boolean capped = budget >= 0 && config.historyTokens() > 0 && config.historyTokens() < budget;
            if (capped) {
                budget = config.historyTokens();
                ctx.put("historyTokens", budget);
            }
            int summaryNow = summary.map(s -> count(agent, List.of(summaryTurn(s.text()))))
                    .orElse(0);
            return PromptPlan.of(
                    history, budget, summaryNow, config.summaryTokens(), capped, m -> count(agent, List.of(m)));
        }

        private List<PromptMessage> messagesOf(
                List<PromptMessage> system, @Nullable PromptMessage summaryTurn, PromptPlan plan, PromptMessage now) {
            List<PromptMessage> messages = new ArrayList<>(system);
            if (summaryTurn != null) {
                messages.add(summaryTurn);
            }
            plan.kept().forEach(t -> messages.add(t.message()));
            messages.add(now);
            return messages;
        }

        private Prompt assemble(
                List<PromptMessage> system, @Nullable PromptMessage summaryTurn, PromptPlan plan, PromptMessage now) {
            List<PromptMessage> messages = messagesOf(system, summaryTurn, plan, now);
            if (!plan.kept().isEmpty()) {
                ctx.putObject("history")
                        .put("from", plan.kept().getFirst().seq())
                        .put("through", plan.kept().getLast().seq())
                        .put("messages", plan.kept().size());
            }
            ctx.put("promptTokens", count(agent, messages));
            return new Prompt(messages, metadata, null);
        }

        /** The summary so far, used as it is. */
        private PromptMessage used(Message summary) {
            ctx.put("summary", summary.id());
            return summaryTurn(summary.text());
        }

        /**
         * The summary turn that stands for {@code plan}'s dropped turns (and the summary before them): a new summary,
         * stored; or, if summarising fails, the old summary if it fits the allowance, else none — either way
         * recorded in the metadata.
         */
        private @Nullable PromptMessage summarised(Optional<Message> summary, PromptPlan plan) {
            String previous = summary.map(Message::text).orElse("");
            Summaries.Outcome outcome =
                    summaries.summarise(agent, owner.keyId(), requestId, previous, plan.dropped(), plan.allowance());
            long covers = plan.dropped().getLast().seq();
            if (outcome.ok()) {
                Message stored = conversations.append(owner, summaryMessage(answer, outcome, covers, plan));
                ctx.put("summary", stored.id()).put("summaryCovers", covers);
                return summaryTurn(stored.text());
            }
            ctx.put("summaryError", outcome.error());
            ctx.putObject("leftOut")
                    .put("from", plan.dropped().getFirst().seq())
                    .put("through", covers)
                    .put("messages", plan.dropped().size());
            if (summary.isPresent() && count(agent, List.of(summaryTurn(previous))) <= plan.allowance()) {
                return used(summary.get());
            }
            summary.ifPresent(s -> ctx.put("summaryLeftOut", s.id()));
            return null;
        }

        private int window() {
            return model.contextWindow(agent, AnswerModel.CHAT);
        }

        private Prompt failed(String why) {
            return new Prompt(List.of(), metadata, why);
        }
    }

    private Tables tables() {
        return conversations.tables();
    }

    private static PromptMessage summaryTurn(String text) {
        return PromptMessage.system(SUMMARY_HEADING + text);
    }

    /** The summary message {@code outcome} makes, covering up to seq {@code covers}, with its calls' figures. */
    private Message summaryMessage(Message answer, Summaries.Outcome outcome, long covers, PromptPlan plan) {
        ObjectNode metadata = Drafts.empty()
                .put("messages", plan.dropped().size())
                .put("calls", outcome.calls().size());
        Message draft = Drafts.summary(
                conversations.newMessageId(),
                answer.conversation(),
                outcome.text(),
                covers,
                metadata,
                conversations.now());
        AnswerModel.Result last = outcome.calls().getLast();
        return draft.written(
                Message.Status.COMPLETE,
                outcome.text(),
                last.model(),
                last.deployment(),
                new Message.Usage(
                        outcome.calls().stream()
                                .mapToLong(AnswerModel.Result::promptTokens)
                                .sum(),
                        outcome.calls().stream()
                                .mapToLong(AnswerModel.Result::completionTokens)
                                .sum()),
                outcome.calls().stream()
                        .mapToDouble(AnswerModel.Result::costUsd)
                        .sum(),
                outcome.calls().stream()
                        .mapToLong(AnswerModel.Result::latencyMillis)
                        .sum(),
                last.finishReason(),
                null,
                metadata,
                draft.created());
    }

    /** The system turn: the persona, then the profile and the memories, when there are any. */
    private static List<PromptMessage> system(String persona, PromptContext.Extras extras) {
        StringBuilder text = new StringBuilder(persona);
        if (!extras.profile().isEmpty()) {
            text.append(text.isEmpty() ? "" : "\n\n")
                    .append("About the person you talk with:\n")
                    .append(extras.profile());
        }
        if (!extras.memories().isEmpty()) {
            text.append(text.isEmpty() ? "" : "\n\n").append("What you remember that may matter now:");
            extras.memories().forEach(m -> text.append("\n- ").append(m));
        }
        return text.isEmpty() ? List.of() : List.of(PromptMessage.system(text.toString()));
    }

    private int count(String agent, List<PromptMessage> messages) {
        return model.countTokens(agent, AnswerModel.CHAT, messages);
    }
}
