package dev.helix.monitor.advice;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The heap is nearly full even right after a full collection: more than {@link #AFTER_GC_LIMIT} of it stays in
 * use, so the live data needs more room (the suggestion doubles the heap limit). Needs at least one collection in
 * the last 15 minutes, so the figure is recent.
 */
public final class HeapAfterGcRule implements Rule {
    /** The share of the heap still used after a collection above which it is too small. */
    public static final double AFTER_GC_LIMIT = 0.85;
    /** The share above which running out of memory is near. */
    public static final double AFTER_GC_CRITICAL = 0.95;
    /** Collections needed in the last 15 minutes for the after-collection figure to count. */
    public static final long MIN_COLLECTIONS = 1;

    @Override
    public Optional<Recommendation> evaluate(Figures figures) {
        Figures.Jvm jvm = figures.jvm();
        if (jvm == null
                || jvm.heapAfterGc() == null
                || jvm.heapMaxBytes() <= 0
                || jvm.gc().last15Minutes().pauses() < MIN_COLLECTIONS
                || jvm.heapAfterGc() <= AFTER_GC_LIMIT) {
            return Optional.empty();
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("heapAfterGc", jvm.heapAfterGc());
        evidence.put("heapMaxBytes", jvm.heapMaxBytes());
        evidence.put("heapUsedBytes", jvm.heapUsedBytes());
        evidence.put("collections15m", jvm.gc().last15Minutes().pauses());
        evidence.put("limit", AFTER_GC_LIMIT);
        String message = "the heap is " + Format.percent(jvm.heapAfterGc()) + " full after garbage collection (limit "
                + Format.heap(jvm.heapMaxBytes()) + "): raise the heap limit with " + SettingNames.HEAP
                + " (or -Xmx), or find what holds the memory.";
        Severity severity = jvm.heapAfterGc() > AFTER_GC_CRITICAL ? Severity.CRITICAL : Severity.WARNING;
        return Optional.of(new Recommendation(
                "heap-after-gc", severity, message, evidence, SettingNames.HEAP, Format.heap(jvm.heapMaxBytes() * 2)));
    }
}
