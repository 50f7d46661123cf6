package dev.helix.memory;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A memory to add, for {@link Memories#add}.
 *
 * @param agent      the agent it is for, or null for every agent
 * @param kind       what it says
 * @param text       what it says (not blank, at most {@code memory.maxTextSize} bytes of UTF-8)
 * @param sources    the ids of the messages it was drawn from (at most {@value Memories#MAX_SOURCES})
 * @param confidence how sure it is, from 0 to 1
 * @param validFrom  since when it holds, or null for now
 * @param validTo    until when it holds, or null for as long as nothing says otherwise
 */
public record NewMemory(
        @Nullable String agent,
        MemoryKind kind,
        String text,
        List<String> sources,
        double confidence,
        @Nullable Instant validFrom,
        @Nullable Instant validTo) {
    public NewMemory {
        sources = List.copyOf(sources);
    }

    /** A memory of {@code kind} for {@code agent} (null: every agent), fully sure, from now on, from no message. */
    public static NewMemory of(@Nullable String agent, MemoryKind kind, String text) {
        return new NewMemory(agent, kind, text, List.of(), 1.0, null, null);
    }
}
