package dev.helix.synthesis;

import dev.helix.config.HelixConfig;
import dev.helix.conversations.Caller;
import dev.helix.conversations.Conversation;
import dev.helix.conversations.Conversations;
import dev.helix.conversations.Message;
import dev.helix.conversations.Owner;
import dev.helix.events.EventLog;
import dev.helix.events.Outbox;
import dev.helix.internal.Ids;
import dev.helix.storage.Database;
import dev.helix.storage.DatabaseKind;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Memory synthesis in the background: finds the conversations due for a run, queues one run per conversation at a
 * time on every node, takes runs under a lease and runs them on virtual threads (at most {@code concurrency} at once
 * on a node), retries a failed attempt after a backoff that doubles, and keeps to a daily budget shared by every
 * node. Nothing runs while it is turned off or while the maintenance mode is on; a run that was about to make its
 * changes when the mode came on makes none and waits.
 *
 * <p>Implementation notes: {@link #tick()} is the periodic work of a node: queue what is due, then take what it can
 * run. Asking for a run ({@link #request}) queues it and wakes this node at once. A run ends in one transaction that
 * makes its memory changes (through {@link MemoryPort}), writes its row, moves its conversation's mark past what it
 * read and appends its event. A node that stops before that commit changed nothing: the run's lease passes and
 * another node runs it again; a node whose lease passed while the model was answering finds the run taken when it
 * ends it, and rolls its changes back. So each run's changes are made exactly once.
 */
public final class Synthesis implements AutoCloseable {
    /** How long a node holds a run it took; a run still running after that is taken again. */
    static final Duration LEASE = Duration.ofMinutes(10);
    /** The longest wait between two attempts. */
    static final Duration MAX_BACKOFF = Duration.ofHours(6);
    /** Most conversations queued by one look. */
    private static final int DUE_BATCH = 50;
    /** How often a look reads every conversation, not only those changed lately. */
    static final Duration SWEEP = Duration.ofHours(1);
    /** How much earlier than the window a look starts: commits that took a while, nodes' clocks that differ. */
    static final Duration SLACK = Duration.ofMinutes(1);
    /** Most messages one read of a conversation gives. */
    private static final int PAGE = 100;

    private static final Logger LOG = LoggerFactory.getLogger(Synthesis.class);

    private final Jdbi jdbi;
    private final RunStore store;
    private final Outbox outbox;
    private final HelixConfig.Synthesis settings;
    private final Conversations conversations;
    private final Synthesiser synthesiser;
    private final BooleanSupplier paused;
    private final String node;
    private final Clock clock;
    private final Ids ids;
    private final SynthesisMetrics metrics;
    private final Semaphore slots;
    private final ReentrantLock taking = new ReentrantLock();
    private final Set<Thread> running = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    /** When the last look that queued everything due began; null before the first. */
    private volatile @Nullable Instant lastLook;
    /** When the last look that read every conversation began. */
    private volatile Instant lastSweep = Instant.EPOCH;

    /**
     * Synthesis over {@code database}, reading {@code conversations}, changing {@code memories} with what
     * {@code model} says, writing to {@code events}; {@code paused} says when the maintenance mode is on; {@code node}
     * names this node in leases.
     */
    public Synthesis(
            Database database,
            HelixConfig.Synthesis settings,
            Conversations conversations,
            MemoryPort memories,
            SynthesisModel model,
            EventLog events,
            BooleanSupplier paused,
            String node,
            Clock clock,
            MeterRegistry registry) {
        this.jdbi = database.jdbi();
        this.store = new RunStore(database.kind() == DatabaseKind.POSTGRESQL);
        this.outbox = new Outbox(database, events);
        this.settings = settings;
        this.conversations = conversations;
        this.synthesiser = new Synthesiser(memories, model, settings.topK(), settings.embeddingModel());
        this.paused = paused;
        this.node = node;
        this.clock = clock;
        this.ids = new Ids(clock);
        this.metrics = new SynthesisMetrics(registry);
        this.slots = new Semaphore(settings.concurrency());
    }

    /** The settings it runs with. */
    public HelixConfig.Synthesis settings() {
        return settings;
    }

    /** The periodic work of a node: queues the conversations due, then takes the runs it has room for. */
    public void tick() {
        if (!ready()) {
            return;
        }
        queueDue();
        take();
    }

    private boolean ready() {
        return settings.enabled() && !closed && !paused.getAsBoolean();
    }

    /**
     * Queues a run for each conversation due now (at most {@value #DUE_BATCH} a look). A look reads only the
     * conversations changed since the last complete look less {@code idleAfter} and {@link #SLACK} (an index range,
     * so its cost follows the activity, not the number of conversations); every {@link #SWEEP}, and at the first
     * look, it reads them all, for the few that become due without a change of their own (messages that came while a
     * run that outlasted the window ran). A run that read as many messages as it may queues the next for the rest
     * itself.
     */
    void queueDue() {
        Instant now = now();
        Instant last = lastLook;
        boolean sweep = last == null || !now.isBefore(lastSweep.plus(SWEEP));
        Instant since = sweep || last == null
                ? Instant.EPOCH
                : last.minus(settings.idleAfter()).minus(SLACK);
        int found = jdbi.inTransaction(h -> {
            List<RunStore.Due> due =
                    store.due(h, since, now.minus(settings.idleAfter()), settings.everyMessages(), DUE_BATCH);
            for (RunStore.Due d : due) {
                boolean many = d.lastSeq() - d.readTo() >= settings.everyMessages();
                store.insert(
                        h,
                        newRun(
                                d.owner(),
                                d.conversation(),
                                d.agent(),
                                many ? "messages" : "idle",
                                d.readTo(),
                                d.lastSeq(),
                                now));
            }
            return due.size();
        });
        if (found < DUE_BATCH) { // everything due was queued: the next look may start from here
            lastLook = now;
            if (sweep) {
                lastSweep = now;
            }
        }
    }

    private SynthesisRun newRun(
            Owner owner, String conversation, String agent, String trigger, long readTo, long lastSeq, Instant now) {
        long to = Math.min(lastSeq, readTo + settings.maxMessagesPerRun());
        return new SynthesisRun(
                ids.next("syn"),
                conversation,
                owner.keyId(),
                owner.user(),
                agent,
                trigger,
                SynthesisRun.Status.QUEUED,
                0,
                now,
                readTo + 1,
                to,
                SynthesisRun.Changes.NONE,
                0,
                0,
                BigDecimal.ZERO,
                null,
                now,
                null,
                null);
    }

    /**
     * Queues a run of {@code owner}'s conversation {@code id} now, whatever its idle time or new messages; a 404 if
     * the owner has no such conversation, a 409 naming the run if one is queued or running already, a 503 when
     * synthesis is turned off.
     */
    public SynthesisRun request(Owner owner, String id) {
        if (!settings.enabled()) {
            throw SynthesisException.disabled(
                    "memory synthesis is turned off on this Helix (memory.synthesis.enabled: false)");
        }
        Conversation c = conversations.find(owner, id).orElseThrow(() -> notFoundConversation(id));
        Instant now = now();
        SynthesisRun run = jdbi.inTransaction(h -> {
            SynthesisRun queued =
                    newRun(owner, c.id(), c.agent(), "requested", store.mark(h, c.id()), c.lastSeq(), now);
            return store.insert(h, queued) ? queued : null;
        });
        if (run == null) {
            SynthesisRun active = jdbi.withHandle(h -> store.active(h, c.id())).orElse(null);
            String activeId = active == null ? "" : active.id();
            throw SynthesisException.conflict(
                    "conversation '" + c.id() + "' has a synthesis run "
                            + (active == null ? "active" : active.status().id()) + " already: '" + activeId + "'",
                    Map.of("run", activeId));
        }
        wake();
        return run;
    }

    /** Takes the runs this node has room for, on a virtual thread, unless it is not ready. */
    private void wake() {
        Thread.ofVirtual().name("helix-synthesis-wake").start(() -> {
            try {
                if (ready()) {
                    take();
                }
            } catch (RuntimeException e) {
                LOG.warn("could not take synthesis runs: {}", e.getMessage());
            }
        });
    }

    /** Takes as many runs as this node has free slots and runs each on a virtual thread. */
    void take() {
        if (!taking.tryLock()) {
            return; // another thread is taking: it takes for this node
        }
        try {
            int free = slots.availablePermits();
            if (free == 0) {
                return;
            }
            Instant now = now();
            List<SynthesisRun> taken = jdbi.inTransaction(h -> store.take(h, node, now, now.plus(LEASE), free));
            for (SynthesisRun run : taken) {
                slots.acquireUninterruptibly();
                Thread t = Thread.ofVirtual()
                        .name("helix-synthesis-" + run.id())
                        .unstarted(() -> {
                            try {
                                attempt(run);
                            } finally {
                                running.remove(Thread.currentThread());
                                slots.release();
                            }
                        });
                running.add(t);
                t.start();
            }
        } finally {
            taking.unlock();
        }
    }

    /** One attempt of {@code run}, which this node holds. */
    private void attempt(SynthesisRun run) {
        long start = System.nanoTime();
        Synthesiser.Tally tally = new Synthesiser.Tally();
        Instant now = now();
        try {
            if (overBudget(now)) {
                end(
                        run,
                        ending(SynthesisRun.Status.DEFERRED, true, nextDay(now), tally, null, null),
                        null,
                        0,
                        SynthesisMetrics.Outcome.DEFERRED);
                return;
            }
            Optional<List<Message>> messages = read(run);
            if (messages.isEmpty()) {
                String error = "the conversation '" + run.conversation() + "' no longer exists";
                end(
                        run,
                        ending(SynthesisRun.Status.FAILED, false, now, tally, error, now),
                        error,
                        0,
                        SynthesisMetrics.Outcome.FAILED);
                return;
            }
            Synthesiser.Decided decided = synthesiser.decide(run, messages.get(), tally, paused);
            Optional<SynthesisRun.Changes> changes =
                    done(run, decided, tally, messages.get().size());
            if (changes.isEmpty()) {
                return;
            }
            metrics.changed(changes.get());
            metrics.ended(SynthesisMetrics.Outcome.DONE);
            metrics.worked(System.nanoTime() - start - tally.modelNanos);
        } catch (Synthesiser.Paused p) {
            end(
                    run,
                    ending(SynthesisRun.Status.QUEUED, true, now(), tally, null, null),
                    null,
                    0,
                    SynthesisMetrics.Outcome.PAUSED);
        } catch (Synthesiser.AttemptFailed e) {
            failed(run, String.valueOf(e.getMessage()), tally);
        } catch (RuntimeException e) {
            if (closed) {
                return; // stopping: the lease passes and the run is taken again
            }
            LOG.warn("synthesis run {} failed unexpectedly", run.id(), e);
            failed(run, e.getClass().getSimpleName() + ": " + e.getMessage(), tally);
        }
    }

    private RunStore.Ending ending(
            SynthesisRun.Status status,
            boolean uncount,
            Instant next,
            Synthesiser.Tally tally,
            @Nullable String error,
            @Nullable Instant finished) {
        return new RunStore.Ending(status, uncount, next, SynthesisRun.Changes.NONE, tally.spent, error, finished);
    }

    /** After a failed attempt: again after the backoff, or failed for good after the last attempt. */
    private void failed(SynthesisRun run, String error, Synthesiser.Tally tally) {
        Instant now = now();
        if (run.attempts() >= settings.maxAttempts()) {
            String why = error + " (attempt " + run.attempts() + "/" + settings.maxAttempts() + ", failed for good)";
            end(
                    run,
                    ending(SynthesisRun.Status.FAILED, false, now, tally, why, now),
                    why,
                    0,
                    SynthesisMetrics.Outcome.FAILED);
            return;
        }
        Instant next = now.plus(backoff(run.attempts()));
        String why = error + " (attempt " + run.attempts() + "/" + settings.maxAttempts() + ", next at " + next + ")";
        end(
                run,
                ending(SynthesisRun.Status.QUEUED, false, next, tally, why, null),
                null,
                0,
                SynthesisMetrics.Outcome.RETRIED);
    }

    /** The wait after attempt {@code attempts}: the backoff, doubled for each attempt after the first. */
    Duration backoff(int attempts) {
        Duration wait = settings.backoff();
        for (int i = 1; i < attempts && wait.compareTo(MAX_BACKOFF) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait;
    }

    /**
     * Makes the changes {@code decided} and ends {@code run} as done in one transaction, so they commit together or
     * not at all; answers the changes, or nothing when another node took the run meanwhile (nothing is then changed).
     */
    private Optional<SynthesisRun.Changes> done(
            SynthesisRun run, Synthesiser.Decided decided, Synthesiser.Tally tally, int messages) {
        try {
            return Optional.of(outbox.write(tx -> {
                if (!store.hold(tx.h, run.id(), node)) {
                    throw new LeaseLost(); // before any change is made
                }
                Instant now = now();
                SynthesisRun.Changes changes = synthesiser.apply(tx, run, decided, now);
                RunStore.Ending done =
                        new RunStore.Ending(SynthesisRun.Status.DONE, false, now, changes, tally.spent, null, now);
                if (!ended(tx, run, done, null, messages)) {
                    throw new LeaseLost();
                }
                return changes;
            }));
        } catch (LeaseLost e) {
            lost(run);
            return Optional.empty();
        }
    }

    /** Another node took the run while this one ran it: this one's changes and end are rolled back. */
    private static final class LeaseLost extends RuntimeException {
        LeaseLost() {
            super("the run's lease passed to another node", null, false, false);
        }
    }

    /** Writes how the attempt of {@code run} ended and counts it as {@code outcome}, unless another node took it. */
    private void end(
            SynthesisRun run,
            RunStore.Ending e,
            @Nullable String error,
            int messages,
            SynthesisMetrics.Outcome outcome) {
        if (outbox.write(tx -> ended(tx, run, e, error, messages))) {
            metrics.ended(outcome);
        } else {
            lost(run);
        }
    }

    /**
     * Writes in {@code tx} how the attempt of {@code run} ended; when the run is done, also moves its conversation's
     * mark; when it is done or failed for good ({@code error}), emits its event. False, writing nothing, when this node
     * no longer holds the run.
     */
    private boolean ended(Outbox.Tx tx, SynthesisRun run, RunStore.Ending e, @Nullable String error, int messages) {
        Instant now = now();
        if (!store.end(tx.h, run.id(), node, now, e)) {
            return false;
        }
        if (e.status() == SynthesisRun.Status.DONE) {
            store.moveMark(tx.h, run.conversation(), run.seqTo(), now);
            queueTheRest(tx, run, now);
        }
        if (e.status() == SynthesisRun.Status.DONE || e.status() == SynthesisRun.Status.FAILED) {
            SynthesisRun ended = store.findAny(tx.h, run.id()).orElseThrow();
            tx.emit(SynthesisEvents.ended(ended, messages, error, now));
        }
        return true;
    }

    /**
     * After {@code run}, which read as many messages as a run may, queues the next run of its conversation at once
     * when messages are left to read, rather than waiting for a look to find them.
     */
    private void queueTheRest(Outbox.Tx tx, SynthesisRun run, Instant now) {
        boolean capped = run.seqTo() - run.seqFrom() + 1 >= settings.maxMessagesPerRun();
        long last = capped ? store.lastSeq(tx.h, run.conversation()) : 0;
        if (last > run.seqTo()) {
            store.insert(
                    tx.h, newRun(run.owner(), run.conversation(), run.agent(), run.trigger(), run.seqTo(), last, now));
        }
    }

    private void lost(SynthesisRun run) {
        metrics.ended(SynthesisMetrics.Outcome.LOST);
        LOG.warn(
                "synthesis run {} was taken by another node while this one ran it: its changes and end are not written",
                run.id());
    }

    private boolean overBudget(Instant now) {
        long spent = jdbi.withHandle(h -> store.spentSince(h, dayStart(now)));
        metrics.spentToday(spent);
        BigDecimal budget = settings.dailyBudgetUsd();
        return budget.signum() > 0 && spent >= budget.movePointRight(9).longValue();
    }

    private static Instant dayStart(Instant now) {
        return LocalDate.ofInstant(now, ZoneOffset.UTC)
                .atStartOfDay(ZoneOffset.UTC)
                .toInstant();
    }

    private static Instant nextDay(Instant now) {
        return dayStart(now).plus(1, ChronoUnit.DAYS);
    }

    /** The messages {@code run} reads, or empty if its conversation is gone. */
    private Optional<List<Message>> read(SynthesisRun run) {
        if (conversations.find(run.owner(), run.conversation()).isEmpty()) {
            return Optional.empty();
        }
        Caller caller = new Caller(run.owner(), false);
        List<Message> out = new ArrayList<>();
        long after = run.seqFrom() - 1;
        while (after < run.seqTo()) {
            List<Message> page = conversations
                    .messages(caller, run.conversation(), after, null, PAGE)
                    .data();
            if (page.isEmpty()) {
                break;
            }
            for (Message m : page) {
                if (m.seq() <= run.seqTo()) {
                    out.add(m);
                }
            }
            after = page.getLast().seq();
        }
        return Optional.of(out);
    }

    /** Run {@code id} as {@code caller} may read it: its own, or any for an admin; else a 404. */
    public SynthesisRun get(Caller caller, String id) {
        return jdbi.withHandle(h -> {
                    Optional<SynthesisRun> own = store.find(h, caller.owner(), id);
                    if (own.isPresent() || !caller.admin()) {
                        return own;
                    }
                    return store.findAny(h, id);
                })
                .orElseThrow(() -> SynthesisException.notFound("no synthesis run '" + shorten(id)
                        + "' for this key and user (X-Helix-User or the 'user' parameter name the user)"));
    }

    /** A page of runs and the cursor of the next. */
    record Page(List<SynthesisRun> data, @Nullable String next) {}

    /** The page {@code q} asks for. */
    Page list(RunQuery q) {
        List<SynthesisRun> rows = jdbi.withHandle(h -> store.list(h, q));
        if (rows.size() <= q.limit()) {
            return new Page(rows, null);
        }
        List<SynthesisRun> page = rows.subList(0, q.limit());
        SynthesisRun last = page.getLast();
        return new Page(page, new RunCursor(last.created().toEpochMilli(), last.id()).encode());
    }

    /** Stops taking runs and waits a little for the runs of this node to end (the others' leases pass). */
    @Override
    public void close() {
        closed = true;
        for (Thread t : List.copyOf(running)) {
            try {
                t.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static SynthesisException notFoundConversation(String id) {
        return SynthesisException.notFound("no conversation '" + shorten(id) + "' for this key and user "
                + "(X-Helix-User or the 'user' parameter name the user)");
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    static String shorten(String text) {
        return text.length() > 64 ? text.substring(0, 64) + "…" : text;
    }
}
