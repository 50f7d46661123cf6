package dev.helix.synthesis;

import dev.helix.conversations.Message;
import dev.helix.conversations.Owner;
import dev.helix.events.Outbox;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * The work of one attempt of a run: the messages it read become candidate facts (one model call), each candidate is
 * compared with at most {@code topK} of the owner's memories most like it (lexically, re-ranked by embeddings when a
 * model for them is set: one more call), the model decides what to do with all candidates at once (one call), and
 * the decisions are applied, in the transaction that ends the run. So a run makes at most three calls, whatever the number of messages or memories; none
 * when there is nothing to read, and no decision call when nothing was extracted.
 */
final class Synthesiser {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Synthesiser.class);
    /** The most characters of an assistant's message the extraction reads. */
    static final int ASSISTANT_CHARS = 300;

    private final MemoryPort memories;
    private final SynthesisModel model;
    private final int topK;
    private final String embeddingModel;

    Synthesiser(MemoryPort memories, SynthesisModel model, int topK, String embeddingModel) {
        this.memories = memories;
        this.model = model;
        this.topK = topK;
        this.embeddingModel = embeddingModel;
    }

    /** What an attempt spent and how long it waited for the model, kept as it goes so a failure still tells. */
    static final class Tally {
        RunStore.Spent spent = RunStore.Spent.NOTHING;
        long modelNanos;

        void add(SynthesisModel.Reply r) {
            spent = spent.plus(r.promptTokens(), r.completionTokens(), r.costNanos());
            modelNanos += r.nanos();
        }

        void add(SynthesisModel.Vectors v) {
            spent = spent.plus(v.promptTokens(), 0, v.costNanos());
            modelNanos += v.nanos();
        }
    }

    /** An attempt that failed and may be tried again. */
    static final class AttemptFailed extends RuntimeException {
        AttemptFailed(String message) {
            super(message, null, false, false);
        }
    }

    /** The maintenance mode came on before the changes were made: none were, the run waits. */
    static final class Paused extends RuntimeException {
        Paused() {
            super("the maintenance mode is on", null, false, false);
        }
    }

    /**
     * What the model decided for the candidates of a run: the changes still to be made.
     *
     * @param candidates the facts extracted
     * @param decisions  what to do with each
     */
    record Decided(List<SynthesisPrompts.Candidate> candidates, List<SynthesisPrompts.Decision> decisions) {
        /** Nothing to change. */
        static final Decided NOTHING = new Decided(List.of(), List.of());

        Decided {
            candidates = List.copyOf(candidates);
            decisions = List.copyOf(decisions);
        }
    }

    /**
     * Has the model decide what {@code run} changes over {@code messages}, making no change yet; throws {@link Paused}
     * if {@code paused} says so by then, {@link AttemptFailed} when the model fails or answers what cannot be read.
     */
    Decided decide(SynthesisRun run, List<Message> messages, Tally tally, BooleanSupplier paused) {
        List<SynthesisPrompts.Line> lines = lines(messages);
        if (lines.isEmpty()) {
            return Decided.NOTHING;
        }
        Set<String> read = lines.stream().map(SynthesisPrompts.Line::id).collect(Collectors.toSet());
        SynthesisModel.Reply extracted = ask(
                run,
                "extract",
                SynthesisPrompts.extractSystem(),
                SynthesisPrompts.extractUser(lines),
                SynthesisPrompts.extractFormat(),
                tally);
        List<SynthesisPrompts.Candidate> candidates =
                readAnswer(() -> SynthesisPrompts.candidates(extracted.text(), read));
        if (candidates.isEmpty()) {
            return Decided.NOTHING;
        }
        List<List<MemoryPort.Remembered>> similar = similar(run, candidates, tally);
        SynthesisModel.Reply decided = ask(
                run,
                "decide",
                SynthesisPrompts.decideSystem(),
                SynthesisPrompts.decideUser(candidates, similar),
                SynthesisPrompts.decideFormat(),
                tally);
        List<SynthesisPrompts.Decision> decisions =
                readAnswer(() -> SynthesisPrompts.decisions(decided.text(), similar));
        if (paused.getAsBoolean()) {
            throw new Paused();
        }
        return new Decided(candidates, decisions);
    }

    /**
     * What the extraction reads of {@code messages}: the person's and the assistant's messages, the assistant's cut to
     * their first {@value #ASSISTANT_CHARS} characters. Facts about the person come from what they say; an answer is
     * there for the context it gives a short reply ("yes, that one"), and its start gives it, so a run's cost follows
     * what the person said, not the length of the answers.
     */
    static List<SynthesisPrompts.Line> lines(List<Message> messages) {
        List<SynthesisPrompts.Line> lines = new ArrayList<>();
        for (Message m : messages) {
            boolean spoken = m.role() == Message.Role.USER || m.role() == Message.Role.ASSISTANT;
            String text = m.text().strip();
            if (spoken && m.kind() == Message.Kind.MESSAGE && !text.isEmpty()) {
                String read = m.role() == Message.Role.ASSISTANT ? cut(text) : text;
                lines.add(new SynthesisPrompts.Line(m.id(), m.role().id(), read));
            }
        }
        return lines;
    }

    private static String cut(String text) {
        if (text.length() <= ASSISTANT_CHARS) {
            return text;
        }
        int end = ASSISTANT_CHARS;
        if (Character.isLowSurrogate(text.charAt(end))) {
            end--; // never half a code point
        }
        return text.substring(0, end) + "…";
    }

    private SynthesisModel.Reply ask(
            SynthesisRun run, String step, String system, String user, Map<String, Object> format, Tally tally) {
        SynthesisModel.Reply reply = model.chat(
                new SynthesisModel.Call(run.agent(), run.key(), run.id() + "-" + step, system, user, format));
        tally.add(reply);
        if (!reply.ok()) {
            throw new AttemptFailed("the " + step + " call failed: " + reply.error());
        }
        return reply;
    }

    private static <T> T readAnswer(java.util.function.Supplier<T> read) {
        try {
            return read.get();
        } catch (IllegalArgumentException e) {
            throw new AttemptFailed(String.valueOf(e.getMessage()));
        }
    }

    /** For each candidate, at most {@code topK} of the owner's memories most like it. */
    private List<List<MemoryPort.Remembered>> similar(
            SynthesisRun run, List<SynthesisPrompts.Candidate> candidates, Tally tally) {
        Owner owner = run.owner();
        boolean rerank = !embeddingModel.isEmpty();
        int fetch = rerank ? topK * 2 : topK;
        List<List<MemoryPort.Remembered>> lexical = new ArrayList<>();
        for (SynthesisPrompts.Candidate c : candidates) {
            lexical.add(List.copyOf(memories.similar(owner, run.agent(), c.text(), fetch)));
        }
        if (!rerank || lexical.stream().allMatch(List::isEmpty)) {
            return lexical.stream()
                    .map(l -> l.subList(0, Math.min(topK, l.size())))
                    .toList();
        }
        return reranked(run, candidates, lexical, tally);
    }

    /** {@code lexical} re-ranked by cosine similarity of embeddings, cut to {@code topK}; unchanged if they fail. */
    private List<List<MemoryPort.Remembered>> reranked(
            SynthesisRun run,
            List<SynthesisPrompts.Candidate> candidates,
            List<List<MemoryPort.Remembered>> lexical,
            Tally tally) {
        Map<String, Integer> index = new LinkedHashMap<>();
        candidates.forEach(c -> index.putIfAbsent(c.text(), index.size()));
        lexical.forEach(l -> l.forEach(m -> index.putIfAbsent(m.text(), index.size())));
        SynthesisModel.Vectors v =
                model.embed(run.agent(), run.key(), run.id() + "-embed", embeddingModel, List.copyOf(index.keySet()));
        tally.add(v);
        if (v.error() != null || v.vectors().size() != index.size()) {
            return lexical.stream()
                    .map(l -> l.subList(0, Math.min(topK, l.size())))
                    .toList();
        }
        List<List<MemoryPort.Remembered>> out = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            float[] c = v.vectors().get(index.getOrDefault(candidates.get(i).text(), 0));
            out.add(lexical.get(i).stream()
                    .sorted(Comparator.comparingDouble((MemoryPort.Remembered m) ->
                            -cosine(c, v.vectors().get(index.getOrDefault(m.text(), 0)))))
                    .limit(topK)
                    .toList());
        }
        return out;
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }

    /** Makes the changes {@code decided} for {@code run} in {@code tx}; answers what they were. */
    SynthesisRun.Changes apply(Outbox.Tx tx, SynthesisRun run, Decided decided, Instant now) {
        List<SynthesisPrompts.Candidate> candidates = decided.candidates();
        String actor = "synthesis:" + run.id();
        List<String> added = new ArrayList<>();
        List<String> updated = new ArrayList<>();
        List<String> invalidated = new ArrayList<>();
        int unchanged = 0;
        for (SynthesisPrompts.Decision d : decided.decisions()) {
            SynthesisPrompts.Candidate c = candidates.get(d.candidate());
            String text = d.text() != null ? d.text() : c.text();
            try {
                unchanged += applyOne(tx, run, d, c, text, now, actor, added, updated, invalidated);
            } catch (MemoryPort.Refused r) {
                unchanged++; // one decision the memory feature refused: the others still count
                LOG.info("synthesis run {} skipped a {} decision: {}", run.id(), d.action(), r.getMessage());
            }
        }
        return new SynthesisRun.Changes(added, updated, invalidated, unchanged);
    }

    /** Applies decision {@code d}; answers 1 if it changed nothing, else 0. */
    private int applyOne(
            Outbox.Tx tx,
            SynthesisRun run,
            SynthesisPrompts.Decision d,
            SynthesisPrompts.Candidate c,
            String text,
            Instant now,
            String actor,
            List<String> added,
            List<String> updated,
            List<String> invalidated) {
        switch (d.action()) {
            case ADD ->
                added.add(memories.add(
                                tx,
                                run.owner(),
                                new MemoryPort.NewFact(run.agent(), c.kind(), text, c.sources(), c.confidence()),
                                actor)
                        .id());
            case UPDATE ->
                updated.add(memories.update(tx, run.owner(), java.util.Objects.requireNonNull(d.memory()), text, actor)
                        .id());
            case INVALIDATE -> {
                String id = java.util.Objects.requireNonNull(d.memory());
                if (!invalidated.contains(id)) {
                    invalidated.add(
                            memories.invalidate(tx, run.owner(), id, now, actor).id());
                }
            }
            case NONE -> {
                return 1;
            }
        }
        return 0;
    }
}
