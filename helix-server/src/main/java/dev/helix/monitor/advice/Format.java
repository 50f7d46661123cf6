package dev.helix.monitor.advice;

import java.util.Locale;

/** How figures read in messages. */
final class Format {
    private Format() {}

    /** {@code 0.123} → {@code 12%}; small shares keep a decimal: {@code 0.054} → {@code 5.4%}. */
    static String percent(double ratio) {
        double p = ratio * 100;
        return p < 10 && p != Math.floor(p)
                ? String.format(Locale.ROOT, "%.1f%%", p)
                : String.format(Locale.ROOT, "%.0f%%", p);
    }

    /** Milliseconds as {@code 850 ms} or {@code 1.8 s}. */
    static String millis(double ms) {
        return ms < 1000 ? String.format(Locale.ROOT, "%.0f ms", ms) : String.format(Locale.ROOT, "%.1f s", ms / 1000);
    }

    /** Seconds as {@code 5 s}, {@code 2.5 s}. */
    static String seconds(double s) {
        return s == Math.floor(s) ? String.format(Locale.ROOT, "%.0f s", s) : String.format(Locale.ROOT, "%.1f s", s);
    }

    /** A whole number with thousands separators. */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** Bytes as a launcher heap size in MiB: {@code 512m}. */
    static String heap(long bytes) {
        return Math.max(1, Math.round(bytes / (1024.0 * 1024.0))) + "m";
    }

    /** A duration in seconds as a config value: {@code 10s}, {@code 2m}. */
    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s % 60 == 0 && s > 0 ? s / 60 + "m" : Math.max(1, s) + "s";
    }
}
