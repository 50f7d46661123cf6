package dev.helix.config;

import java.time.Duration;

/** Formats durations the way configuration is written: {@code 500ms}, {@code 30s}, {@code 2m}. */
public final class Durations {
    private Durations() {}

    /** The text of {@code d} as a config value. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 60_000 == 0 && ms > 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }
}
