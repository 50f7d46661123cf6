package dev.helix.messaging;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as clients write them in messaging requests: {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}. */
final class DurationText {
    private static final Pattern FORM = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

    private DurationText() {}

    /** Parses {@code text} for the field or parameter {@code name}, which must lie within {@code [min, max]}. */
    static Duration parse(String text, String name, Duration min, Duration max) {
        Matcher m = FORM.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw MessagingException.invalid(
                    "'" + name + "' must be a duration such as 500ms, 30s, 2m or 1h, not '" + text + "'");
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw MessagingException.invalid(
                    "'" + name + "' must be from " + format(min) + " to " + format(max) + ", not " + text);
        }
        return d;
    }

    static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0 && ms > 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0 && ms > 0) {
            return ms / 60_000 + "m";
        }
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }
}
