package dev.helix.conversations;

import dev.helix.access.Principal;
import dev.helix.commands.CommandService;
import dev.helix.config.HelixConfig.Conversations.BusyPolicy;
import dev.helix.events.EventLog;
import dev.helix.events.EventTypes;
import dev.helix.events.Outbox;
import dev.helix.internal.Wakeups;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's turn: a message sent to a conversation is stored, then answered by the agent's chat model, the answer
 * stored when it ends; or, for a message starting with {@code !}, a command runs ({@link CommandTurns}).
 *
 * <p>Implementation notes. One transaction stores the message and its answer's row (queued, or being written) and,
 * when the answer may start, gives the conversation's lease to it ({@link AnswerLeases}); only then is the model
 * called, so the message is stored whatever happens to the call. A message sent while an answer is being written
 * follows {@code conversations.busyPolicy}: {@code reject} refuses it (409, nothing stored); {@code queue} stores it
 * with its answer queued, and the answer starts once every answer before it has ended (the oldest queued answer takes
 * the lease when it is free); {@code interrupt} takes the lease over at once and asks the running answer to stop — on
 * this node directly, on another through the event that stores the new answer (it names what it interrupts) and, as a
 * safety net, at that node's next lease renewal. A stopped answer is stored as {@code interrupted} with its text so
 * far. While it writes, the answer's node renews its lease every {@link #RENEW} and saves the text so far; an answer
 * left open by a stopped node is found by {@link #recover()} and stored as {@code cut} with the text it had saved.
 */
public final class Answering implements AutoCloseable {
    /** How long a lease lasts without renewal; an open answer untouched for longer is taken as abandoned. */
    public static final Duration LEASE = Duration.ofSeconds(30);
    /** How often a writing (or queued) answer renews its lease and saves its text. */
    public static final Duration RENEW = Duration.ofSeconds(5);
    /** How often a queued answer looks whether its turn has come, besides being woken on this node. */
    static final Duration QUEUE_POLL = Duration.ofMillis(250);

    private static final Logger LOG = LoggerFactory.getLogger(Answering.class);

    private final Conversations conversations;
    private final Tables tables;
    private final AnswerModel model;
    private final LiveAnswers live;
    private final Prompts prompts;
    private final CommandTurns commands;
    private final Clock clock;
    private final ConversationMetrics metrics;
    private final RunningAnswers running = new RunningAnswers();
    private final Wakeups wakeups = new Wakeups();

    public Answering(
            Conversations conversations,
            AnswerModel model,
            PromptContext context,
            LiveAnswers live,
            CommandService commands,
            Clock clock) {
        this.conversations = conversations;
        this.tables = conversations.tables();
        this.model = model;
        this.live = live;
        this.prompts = new Prompts(conversations, model, context);
        this.commands = new CommandTurns(conversations, commands);
        this.clock = clock;
        this.metrics = conversations.metrics();
    }

    /**
     * Stops, on this node, answers that another node's messages interrupt, and wakes the answers queued here when
     * another node's answer of their conversation ends: both learnt from the event log.
     */
    public Answering followOthers(EventLog log) {
        log.followOthers(EventTypes.CONVERSATION_MESSAGE, e -> {
            if (e.data().get("conversation") instanceof String conversation) {
                if (e.data().get("interrupts") instanceof List<?> stopped) {
                    stopped.forEach(id -> running.stop(conversation, String.valueOf(id)));
                }
                wakeups.signal(conversation);
            }
        });
        return this;
    }

    /**
     * Sends {@code message} to {@code caller}'s conversation {@code id} and answers it, telling {@code sink} each
     * step; returns when the answer (or the command's result) is stored. A 404 if the caller does not own the
     * conversation; a 409 if it is answering and the busy policy is {@code reject}.
     */
    void send(
            Principal principal,
            Caller caller,
            String id,
            MessageBodies.NewMessage message,
            String requestId,
            TurnSink sink) {
        Owner owner = caller.owner();
        Optional<String> command = message.command();
        if (command.isPresent()) {
            commands.run(principal, owner, id, command.get(), message.metadata(), requestId, sink);
            return;
        }
        Start start = begin(owner, id, message);
        sink.stored(start.sent());
        sink.stored(start.answer());
        start.interrupts().forEach(old -> running.stop(id, old));
        Message answer = start.answer();
        if (answer.status() == Message.Status.QUEUED) {
            answer = awaitTurn(owner, answer);
        }
        Message ended =
                answer.status().open() ? write(owner, start.agent(), start.sent(), answer, requestId, sink) : answer;
        metrics.answered(
                ended.status(),
                ended.updated().toEpochMilli() - start.sent().created().toEpochMilli());
        sink.ended(ended);
    }

    /** What the first transaction of a turn stored, and the answers it interrupts. */
    private record Start(String agent, Message sent, Message answer, List<String> interrupts) {}

    /** Stores the message and its answer's row, by the busy policy; takes the lease when the answer may start. */
    private Start begin(Owner owner, String id, MessageBodies.NewMessage message) {
        BusyPolicy policy = conversations.config().busyPolicy();
        return tables.write(tx -> {
            AnswerLeases.State state =
                    tables.leases.lock(tx.h, owner, id).orElseThrow(() -> Conversations.notFound(id));
            long now = clock.millis();
            List<Message> queued = tables.leases.queued(tx.h, tables.messages, owner, id, now - LEASE.toMillis());
            boolean busy = state.busy(now) || !queued.isEmpty();
            if (busy && policy == BusyPolicy.REJECT) {
                throw busy(
                        id,
                        state.busy(now) ? state.answering() : queued.getFirst().id());
            }
            Message sent = conversations.append(
                    tx,
                    owner,
                    Drafts.user(
                            conversations.newMessageId(),
                            id,
                            Message.Kind.MESSAGE,
                            message.content(),
                            message.metadata(),
                            conversations.now()));
            List<String> interrupts =
                    busy && policy == BusyPolicy.INTERRUPT ? interrupt(tx, owner, state, queued, sent, now) : List.of();
            Message answer = answerRow(tx, owner, id, !busy || policy == BusyPolicy.INTERRUPT, interrupts, now);
            return new Start(state.agent(), sent, answer, interrupts);
        });
    }

    /**
     * Stores the answer's row: {@code streaming} with the conversation's lease when it {@code starts}, else
     * {@code queued}; its event names the answers it {@code interrupts}, so that other nodes stop them.
     */
    private Message answerRow(Outbox.Tx tx, Owner owner, String id, boolean starts, List<String> interrupts, long now) {
        Message answer = conversations.append(
                tx,
                owner,
                Drafts.answer(
                        conversations.newMessageId(),
                        id,
                        starts ? Message.Status.STREAMING : Message.Status.QUEUED,
                        conversations.now()),
                interrupts.isEmpty() ? Map.of() : Map.of("interrupts", List.copyOf(interrupts)));
        if (starts) {
            tables.leases.take(tx.h, owner, id, answer.id(), now + LEASE.toMillis());
        }
        return answer;
    }

    /**
     * Ends the queued answers as interrupted by {@code sent} and answers the ids of every answer it stops: those, and
     * the one being written (which its writer stores when it stops).
     */
    private List<String> interrupt(
            Outbox.Tx tx, Owner owner, AnswerLeases.State state, List<Message> queued, Message sent, long now) {
        List<String> stopped = new ArrayList<>();
        if (state.busy(now)) {
            stopped.add(String.valueOf(state.answering()));
        }
        for (Message q : queued) {
            conversations.rewrite(
                    tx,
                    owner,
                    q.failed(
                            Message.Status.INTERRUPTED,
                            "interrupted by message " + sent.id() + " before its turn came",
                            conversations.now()));
            stopped.add(q.id());
        }
        return stopped;
    }

    private static ConversationException busy(String conversation, @Nullable String answering) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("answering", answering);
        return ConversationException.conflict(
                "conversation " + conversation + " is still answering (message " + answering + "); with "
                        + "conversations.busyPolicy reject a message may be sent once that answer has ended",
                details);
    }

    /**
     * Waits until {@code answer} (queued) is the oldest queued answer and the conversation's lease is free, then takes
     * it; answers the answer then being written, or as it ended meanwhile (interrupted, or failed after
     * {@code conversations.queueWait}).
     */
    private Message awaitTurn(Owner owner, Message answer) {
        long deadline = System.nanoTime() + conversations.config().queueWait().toNanos();
        long touched = System.nanoTime();
        while (true) {
            long seen = wakeups.generation(answer.conversation());
            Optional<Message> turn = tryTurn(owner, answer);
            if (turn.isPresent()) {
                return turn.get();
            }
            if (wakeups.closed()) {
                return giveUp(owner, answer, "not answered: Helix stopped while it waited for its turn");
            }
            if (System.nanoTime() > deadline) {
                return giveUp(
                        owner,
                        answer,
                        "not answered: the answers before it were still being written after "
                                + conversations.config().queueWait().toSeconds() + " s (conversations.queueWait)");
            }
            if (System.nanoTime() - touched > RENEW.toNanos()) {
                touch(owner, answer, List.of());
                touched = System.nanoTime();
            }
            try {
                wakeups.await(answer.conversation(), seen, QUEUE_POLL.toNanos());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return giveUp(owner, answer, "not answered: its wait for its turn was interrupted");
            }
        }
    }

    /** The answer, taking the lease if its turn has come; empty if it must wait on. */
    private Optional<Message> tryTurn(Owner owner, Message answer) {
        return tables.write(tx -> {
            AnswerLeases.State state = tables.leases
                    .lock(tx.h, owner, answer.conversation())
                    .orElseThrow(() -> Conversations.notFound(answer.conversation()));
            Message now = tables.messages
                    .find(tx.h, owner, answer.conversation(), answer.id())
                    .orElseThrow(() -> Conversations.notFound(answer.conversation()));
            if (now.status() != Message.Status.QUEUED) {
                return Optional.of(now);
            }
            long millis = clock.millis();
            List<Message> queued = tables.leases.queued(
                    tx.h, tables.messages, owner, answer.conversation(), millis - LEASE.toMillis());
            if (state.busy(millis)
                    || queued.isEmpty()
                    || !queued.getFirst().id().equals(answer.id())) {
                return Optional.empty();
            }
            tables.leases.take(tx.h, owner, answer.conversation(), answer.id(), millis + LEASE.toMillis());
            return Optional.of(
                    conversations.rewrite(tx, owner, now.withStatus(Message.Status.STREAMING, conversations.now())));
        });
    }

    /** Stores {@code answer}, still queued, as failed for {@code why}; answers it as it is then. */
    private Message giveUp(Owner owner, Message answer, String why) {
        Message failed = answer.failed(Message.Status.FAILED, why, conversations.now());
        return tables.write(tx -> {
            Message now = tables.messages
                    .find(tx.h, owner, answer.conversation(), answer.id())
                    .orElseThrow(() -> Conversations.notFound(answer.conversation()));
            return now.status() == Message.Status.QUEUED ? conversations.rewrite(tx, owner, failed) : now;
        });
    }

    /**
     * Writes {@code answer} (holding the lease): makes the prompt, calls the model with the text going to
     * {@code sink} and the owner's other clients as it arrives, and stores the answer as it ended.
     */
    private Message write(Owner owner, String agent, Message sent, Message answer, String requestId, TurnSink sink) {
        RunningAnswers.Running r = running.start(owner, answer);
        CountDownLatch done = new CountDownLatch(1);
        Thread.ofVirtual().name("helix-answer-lease").start(() -> renew(owner, r, done));
        Message ended;
        try {
            ended = answer(owner, agent, sent, r, requestId, sink);
        } catch (RuntimeException e) {
            LOG.warn("the answer {} of conversation {} failed in Helix", answer.id(), answer.conversation(), e);
            ended = answer.written(
                    Message.Status.FAILED,
                    r.text(),
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    "the answer failed in Helix; its log has the details under request id " + requestId,
                    answer.metadata(),
                    conversations.now());
        } finally {
            done.countDown();
            running.end(r);
        }
        Message stored = store(owner, ended);
        wakeups.signal(answer.conversation());
        return stored;
    }

    private Message answer(
            Owner owner, String agent, Message sent, RunningAnswers.Running r, String requestId, TurnSink sink) {
        Prompts.Prompt prompt = prompts.build(owner, agent, sent, r.answer, requestId);
        AnswerModel.Result result = prompt.failure() != null
                ? AnswerModel.Result.failed("", prompt.failure())
                : model.answer(
                        new AnswerModel.Call(agent, AnswerModel.CHAT, owner.keyId(), requestId, prompt.messages(), 0),
                        delta -> {
                            if (r.stopAsked()) {
                                throw new IllegalStateException("interrupted by a newer message");
                            }
                            int index = r.add(delta);
                            live.text(owner, r.answer, index, delta);
                            sink.text(r.answer, index, delta);
                        });
        return ended(r, result, prompt);
    }

    /** The answer as {@code result} ended it. */
    private Message ended(RunningAnswers.Running r, AnswerModel.Result result, Prompts.Prompt prompt) {
        boolean stopped = r.stopAsked() && result.outcome() != AnswerModel.Outcome.COMPLETE;
        Message.Status status = stopped
                ? Message.Status.INTERRUPTED
                : switch (result.outcome()) {
                    case COMPLETE -> Message.Status.COMPLETE;
                    case CUT -> Message.Status.CUT;
                    case FAILED -> Message.Status.FAILED;
                    case REFUSED -> Message.Status.REFUSED;
                };
        String text = result.outcome() == AnswerModel.Outcome.COMPLETE || result.outcome() == AnswerModel.Outcome.CUT
                ? result.text()
                : r.text();
        boolean called = result.deployment() != null || result.latencyMillis() > 0;
        return r.answer.written(
                status,
                text,
                result.model().isEmpty() ? null : result.model(),
                result.deployment(),
                called ? new Message.Usage(result.promptTokens(), result.completionTokens()) : null,
                called ? result.costUsd() : null,
                called ? result.latencyMillis() : null,
                result.finishReason(),
                stopped ? "interrupted by a newer message" : result.error(),
                prompt.metadata(),
                conversations.now());
    }

    /** Stores {@code ended} and frees the conversation's lease if the answer still holds it. */
    private Message store(Owner owner, Message ended) {
        return tables.write(tx -> {
            conversations.rewrite(tx, owner, ended);
            tables.leases.release(tx.h, owner, ended.conversation(), ended.id());
            return ended;
        });
    }

    /**
     * Renews {@code r}'s lease and saves its text every {@link #RENEW} until {@code done}; stops the answer if the
     * lease is lost. (Not ended by an interrupt: that would close the database connection of a renewal under way.)
     */
    private void renew(Owner owner, RunningAnswers.Running r, CountDownLatch done) {
        while (true) {
            try {
                if (done.await(RENEW.toMillis(), TimeUnit.MILLISECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            }
            try {
                String text = r.text();
                if (!touch(owner, r.answer, text.isEmpty() ? List.of() : List.of(Part.text(text)))) {
                    r.stop();
                }
            } catch (RuntimeException e) {
                LOG.warn("the lease of answer {} could not be renewed: {}", r.answer.id(), e.getMessage());
            }
        }
    }

    /** Saves {@code content} as {@code answer}'s text so far and renews its lease; false if another holds the lease. */
    private boolean touch(Owner owner, Message answer, List<Part> content) {
        long now = clock.millis();
        return tables.readTogether(h -> {
            tables.messages.checkpoint(h, owner, answer.conversation(), answer.id(), content, now);
            return answer.status() == Message.Status.QUEUED
                    || tables.leases.renew(h, owner, answer.conversation(), answer.id(), now + LEASE.toMillis());
        });
    }

    /**
     * The answer {@code owner}'s conversation {@code id} is writing: this node's, with its text so far, or another
     * node's, with the text it saved last; empty if none.
     */
    public Optional<Map<String, Object>> progress(Owner owner, String id) {
        Optional<RunningAnswers.Progress> here = running.progress(id);
        if (here.isPresent()) {
            return here.map(p -> progress(p.message(), p.text(), p.pieces()));
        }
        return conversations
                .find(owner, id)
                .map(Conversation::answering)
                .flatMap(answering -> tables.read(h -> tables.messages.find(h, owner, id, answering)))
                .filter(m -> m.status().open())
                .map(m -> progress(m.id(), m.text(), null));
    }

    private static Map<String, Object> progress(String message, String text, @Nullable Integer pieces) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("message", message);
        p.put("text", text);
        p.put("pieces", pieces);
        return p;
    }

    /**
     * Ends the answers that a stopped node left open — untouched for longer than {@link #LEASE} — as {@code cut}
     * with the text they had saved (or, if still queued, as {@code failed}), and frees their conversations' leases.
     * Returns how many. Run periodically on every node; two nodes ending the same answer write the same thing.
     */
    public int recover() {
        long stale = clock.millis() - LEASE.toMillis();
        List<AnswerLeases.Abandoned> abandoned = tables.read(h -> tables.leases.abandoned(h, stale));
        int ended = 0;
        for (AnswerLeases.Abandoned a : abandoned) {
            if (running.progress(a.conversation())
                    .filter(p -> p.message().equals(a.message()))
                    .isPresent()) {
                continue;
            }
            Optional<Message> recovered = tables.write(tx -> recover(tx, a, stale));
            if (recovered.isPresent()) {
                ended++;
                wakeups.signal(a.conversation());
                Message m = recovered.get();
                metrics.answered(
                        m.status(), m.updated().toEpochMilli() - m.created().toEpochMilli());
            }
        }
        return ended;
    }

    private Optional<Message> recover(Outbox.Tx tx, AnswerLeases.Abandoned a, long stale) {
        Optional<Message> open = tables.messages
                .find(tx.h, a.owner(), a.conversation(), a.message())
                .filter(m -> m.status().open() && m.updated().toEpochMilli() < stale);
        return open.map(m -> {
            boolean queued = m.status() == Message.Status.QUEUED;
            Message ended = m.failed(
                    queued ? Message.Status.FAILED : Message.Status.CUT,
                    queued
                            ? "not answered: the node that held it stopped before its turn came"
                            : "the node writing this answer stopped before it ended; the text is what it had saved",
                    conversations.now());
            conversations.rewrite(tx, a.owner(), ended);
            tables.leases.release(tx.h, a.owner(), a.conversation(), a.message());
            return ended;
        });
    }

    /** Ends every wait of a queued answer now (it is stored as failed); later ones do not wait. */
    @Override
    public void close() {
        wakeups.close();
    }
}
