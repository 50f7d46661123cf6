package dev.helix.bench;

import java.util.Arrays;
import java.util.Locale;

/** A set of latency samples in nanoseconds, sorted once, with percentiles printed in milliseconds. */
final class Latencies {
    private final long[] sorted;

    /** The first {@code count} values of {@code nanos} (the array is copied). */
    Latencies(long[] nanos, int count) {
        this.sorted = Arrays.copyOf(nanos, count);
        Arrays.sort(sorted);
    }

    int count() {
        return sorted.length;
    }

    /** The nearest-rank percentile {@code p} (0–100) in nanoseconds; -1 without samples. */
    long percentile(double p) {
        if (sorted.length == 0) {
            return -1;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    long max() {
        return sorted.length == 0 ? -1 : sorted[sorted.length - 1];
    }

    long min() {
        return sorted.length == 0 ? -1 : sorted[0];
    }

    /** {@code p} of these samples in milliseconds with two decimals, or "–" without samples. */
    String at(double p) {
        return ms(percentile(p));
    }

    /** Several percentiles joined by " / ", e.g. {@code "0.81 / 2.40 / 7.02"}. */
    String at(double... percentiles) {
        StringBuilder out = new StringBuilder();
        for (double p : percentiles) {
            out.append(out.isEmpty() ? "" : " / ").append(at(p));
        }
        return out.toString();
    }

    /** {@code nanos} in milliseconds with two decimals, or "–" when negative (no sample). */
    static String ms(long nanos) {
        return nanos < 0 ? "–" : String.format(Locale.ROOT, "%.2f", nanos / 1e6);
    }
}
