package dev.helix.memory;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One entry of a memory's history: the version a change made and what the memory was then.
 *
 * @param version    the version it made
 * @param action     {@code added}, {@code updated} or {@code invalidated}
 * @param actor      who made it: an API key id, or {@code synthesis:<run>} for background synthesis
 * @param at         when
 * @param text       the text then
 * @param kind       the kind then
 * @param confidence the confidence then
 * @param validTo    the end of validity then, or null
 */
public record MemoryChange(
        long version,
        String action,
        String actor,
        Instant at,
        String text,
        MemoryKind kind,
        double confidence,
        @Nullable Instant validTo) {
    static final String ADDED = "added";
    static final String UPDATED = "updated";
    static final String INVALIDATED = "invalidated";
}
