package dev.helix.memory;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What {@link Memories#update} changes of a memory: each present field is set, the others are kept.
 *
 * @param text       the new text
 * @param kind       the new kind
 * @param confidence the new confidence, from 0 to 1
 * @param validTo    until when it holds (a time not after now ends it: the change counts as an invalidation)
 * @param ifVersion  the version the change is made against: a different current version refuses it (412)
 */
public record MemoryPatch(
        Optional<String> text,
        Optional<MemoryKind> kind,
        Optional<Double> confidence,
        Optional<Instant> validTo,
        OptionalLong ifVersion) {
    /** Changes nothing. */
    public static final MemoryPatch NONE = new MemoryPatch(
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), OptionalLong.empty());

    /** This change with the text set to {@code newText}. */
    public MemoryPatch text(String newText) {
        return new MemoryPatch(Optional.of(newText), kind, confidence, validTo, ifVersion);
    }

    /** This change with the kind set to {@code newKind}. */
    public MemoryPatch kind(MemoryKind newKind) {
        return new MemoryPatch(text, Optional.of(newKind), confidence, validTo, ifVersion);
    }

    /** This change with the confidence set to {@code newConfidence}. */
    public MemoryPatch confidence(double newConfidence) {
        return new MemoryPatch(text, kind, Optional.of(newConfidence), validTo, ifVersion);
    }

    /** This change with the end of validity set to {@code newValidTo}. */
    public MemoryPatch validTo(Instant newValidTo) {
        return new MemoryPatch(text, kind, confidence, Optional.of(newValidTo), ifVersion);
    }

    /** This change, made only if the memory is at {@code version}. */
    public MemoryPatch ifVersion(long version) {
        return new MemoryPatch(text, kind, confidence, validTo, OptionalLong.of(version));
    }

    /** Whether it changes anything. */
    public boolean isEmpty() {
        return text.isEmpty() && kind.isEmpty() && confidence.isEmpty() && validTo.isEmpty();
    }
}
