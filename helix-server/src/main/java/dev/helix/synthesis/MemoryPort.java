package dev.helix.synthesis;

import dev.helix.conversations.Owner;
import dev.helix.events.Outbox;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The memories synthesis reads and changes, as the wiring gives them (over the memory feature's service), so this
 * package does not depend on it. Every call is scoped to one owner; {@code actor} ({@code synthesis:<runId>}) is
 * kept in the memory's history. Changes are made in the caller's transaction {@code tx}, so that a run's changes and
 * its end commit together or not at all. Nothing here deletes: a fact that no longer holds is invalidated (given a
 * {@code validTo}).
 */
public interface MemoryPort {
    /** At most {@code k} of {@code owner}'s valid memories for {@code agent} most like {@code text}, best first. */
    List<Remembered> similar(Owner owner, @Nullable String agent, String text, int k);

    /** Adds {@code memory} to {@code owner}'s in {@code tx}; answers it as stored. {@link Refused} if it is not taken. */
    Remembered add(Outbox.Tx tx, Owner owner, NewFact memory, String actor);

    /** Sets the text of {@code owner}'s memory {@code id} in {@code tx}; answers it as changed, or {@link Refused}. */
    Remembered update(Outbox.Tx tx, Owner owner, String id, String text, String actor);

    /** Ends {@code owner}'s memory {@code id} at {@code validTo} in {@code tx}; answers it as changed, or {@link Refused}. */
    Remembered invalidate(Outbox.Tx tx, Owner owner, String id, Instant validTo, String actor);

    /** A change the memory feature refused (a memory deleted meanwhile, a text it does not take): nothing written. */
    final class Refused extends RuntimeException {
        public Refused(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * A memory as synthesis sees it.
     *
     * @param id   its id
     * @param text what it says
     */
    record Remembered(String id, String text) {}

    /**
     * A memory to add.
     *
     * @param agent      the agent it is for
     * @param kind       {@code fact}, {@code preference} or {@code profile}
     * @param text       what it says
     * @param sources    the ids of the messages it was drawn from
     * @param confidence how sure the model is, from 0 to 1
     */
    record NewFact(String agent, String kind, String text, List<String> sources, double confidence) {
        public NewFact {
            sources = List.copyOf(sources);
        }
    }
}
