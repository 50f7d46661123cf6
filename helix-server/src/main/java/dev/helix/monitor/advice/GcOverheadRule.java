package dev.helix.monitor.advice;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Garbage collection pauses took more than {@link #PAUSE_SHARE_LIMIT} of the last 5 minutes: requests stop while
 * it runs, and a larger heap lets it run less often (the suggestion doubles the heap limit).
 */
public final class GcOverheadRule implements Rule {
    /** The share of wall time spent in pauses above which the heap is too small. */
    public static final double PAUSE_SHARE_LIMIT = 0.10;
    /** Fewer pauses than this in 5 minutes are too few to judge. */
    public static final long MIN_PAUSES = 10;

    @Override
    public Optional<Recommendation> evaluate(Figures figures) {
        Figures.Jvm jvm = figures.jvm();
        if (jvm == null || jvm.heapMaxBytes() <= 0) {
            return Optional.empty();
        }
        Figures.GcWindow w = jvm.gc().last5Minutes();
        if (w.pauses() < MIN_PAUSES || w.pauseShare() <= PAUSE_SHARE_LIMIT) {
            return Optional.empty();
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("window", "5m");
        evidence.put("pauses", w.pauses());
        evidence.put("pauseSeconds", w.pauseSeconds());
        evidence.put("pauseShare", w.pauseShare());
        evidence.put("heapMaxBytes", jvm.heapMaxBytes());
        evidence.put("limit", PAUSE_SHARE_LIMIT);
        String message = "garbage collection paused Helix for " + Format.percent(w.pauseShare())
                + " of the last 5 minutes (" + Format.count(w.pauses()) + " pauses): raise the heap limit ("
                + Format.heap(jvm.heapMaxBytes()) + ") with " + SettingNames.HEAP + ".";
        return Optional.of(new Recommendation(
                "gc-overhead",
                Severity.WARNING,
                message,
                evidence,
                SettingNames.HEAP,
                Format.heap(jvm.heapMaxBytes() * 2)));
    }
}
