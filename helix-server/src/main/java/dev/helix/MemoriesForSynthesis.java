package dev.helix;

import dev.helix.conversations.Owner;
import dev.helix.events.Outbox;
import dev.helix.memory.Memories;
import dev.helix.memory.MemoryException;
import dev.helix.memory.MemoryItem;
import dev.helix.memory.MemoryKind;
import dev.helix.memory.MemoryPatch;
import dev.helix.memory.NewMemory;
import dev.helix.synthesis.MemoryPort;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The memories synthesis reads and changes, over the memory feature's service: what lets the synthesis package do
 * without depending on the memory package. A fact keeps the sources it was added with; an update changes its text.
 */
final class MemoriesForSynthesis implements MemoryPort {
    private final Memories memories;

    MemoriesForSynthesis(Memories memories) {
        this.memories = memories;
    }

    @Override
    public List<Remembered> similar(Owner owner, @Nullable String agent, String text, int k) {
        return memories.similar(owner, agent, text, k).stream()
                .map(MemoriesForSynthesis::remembered)
                .toList();
    }

    @Override
    public Remembered add(Outbox.Tx tx, Owner owner, NewFact memory, String actor) {
        NewMemory m = new NewMemory(
                memory.agent(),
                MemoryKind.of(memory.kind()),
                memory.text(),
                memory.sources(),
                memory.confidence(),
                null,
                null);
        return refusedAs(() -> memories.add(tx, owner, m, actor));
    }

    @Override
    public Remembered update(Outbox.Tx tx, Owner owner, String id, String text, String actor) {
        return refusedAs(() -> memories.update(tx, owner, id, MemoryPatch.NONE.text(text), actor));
    }

    @Override
    public Remembered invalidate(Outbox.Tx tx, Owner owner, String id, Instant validTo, String actor) {
        return refusedAs(() -> memories.update(tx, owner, id, MemoryPatch.NONE.validTo(validTo), actor));
    }

    /** What {@code change} made, or {@link Refused} with the reason the memory feature refused it. */
    private static Remembered refusedAs(java.util.function.Supplier<MemoryItem> change) {
        try {
            return remembered(change.get());
        } catch (MemoryException e) {
            throw new Refused(String.valueOf(e.getMessage()));
        }
    }

    private static Remembered remembered(MemoryItem item) {
        return new Remembered(item.id(), item.text());
    }
}
