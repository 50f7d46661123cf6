package dev.helix.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A configured rate: at most {@code limit} requests per {@code period}, written {@code 6000/1m}, {@code 20/1s},
 * {@code 50000/1h} or {@code 1000000/1d}; or {@link #OFF}, written {@code off}.
 *
 * @param limit  requests per period; 0 for {@link #OFF}
 * @param period the period; zero for {@link #OFF}
 */
public record Rate(long limit, Duration period) {
    /** No limit. */
    public static final Rate OFF = new Rate(0, Duration.ZERO);
    /** Largest number of requests per period. */
    static final long MAX_LIMIT = 1_000_000_000L;
    /** Fastest rate, so that one request is always worth at least a microsecond. */
    static final long MAX_PER_SECOND = 1_000_000L;

    private static final Pattern SYNTAX = Pattern.compile("(\\d{1,10})\\s*/\\s*(\\d{0,6})\\s*([smhd])");

    /** How a rate is read from configuration. */
    public static final ValueType<Rate> TYPE = ValueType.of(
            "off, or requests per period as N/period such as "
                    + "6000/1m, 20/1s or 100000/1d (N from 1 to " + MAX_LIMIT + ", period from 1s to 1d, at most "
                    + MAX_PER_SECOND + " a second)",
            Rate::parse);

    /** Whether this is {@link #OFF}. */
    public boolean off() {
        return limit == 0;
    }

    /** Parses {@code off} or {@code N/period}; throws {@link IllegalArgumentException} otherwise. */
    public static Rate parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("off")) {
            return OFF;
        }
        Matcher m = SYNTAX.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("not N/period: " + text);
        }
        long limit = Long.parseLong(m.group(1));
        long units = m.group(2).isEmpty() ? 1 : Long.parseLong(m.group(2));
        Duration period = switch (m.group(3)) {
            case "s" -> Duration.ofSeconds(units);
            case "m" -> Duration.ofMinutes(units);
            case "h" -> Duration.ofHours(units);
            default -> Duration.ofDays(units);
        };
        boolean periodOk = period.compareTo(Duration.ofSeconds(1)) >= 0 && period.compareTo(Duration.ofDays(1)) <= 0;
        if (limit < 1 || limit > MAX_LIMIT || !periodOk || limit > MAX_PER_SECOND * period.toSeconds()) {
            throw new IllegalArgumentException("out of range: " + text);
        }
        return new Rate(limit, period);
    }

    /** The period in whole seconds (0 for {@link #OFF}). */
    public long periodSeconds() {
        return period.toSeconds();
    }

    /** As written in configuration: {@code 6000/1m} or {@code off}. */
    @Override
    public String toString() {
        return off() ? "off" : limit + "/" + window();
    }

    /** The period as written: {@code 1m}, {@code 30s}, {@code 1d}. */
    public String window() {
        long s = period.toSeconds();
        return s % 86_400 == 0
                ? s / 86_400 + "d"
                : s % 3600 == 0 ? s / 3600 + "h" : s % 60 == 0 ? s / 60 + "m" : s + "s";
    }
}
