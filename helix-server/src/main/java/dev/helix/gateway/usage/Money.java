package dev.helix.gateway.usage;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Amounts of US dollars. Spend is counted in whole nano-dollars (1e-9 USD) in {@code long}s, so sums are exact and
 * the same on every node and in the database; a {@code double} cost is rounded to the nearest nano-dollar once,
 * when it is recorded.
 */
final class Money {
    static final long NANOS_PER_USD = 1_000_000_000L;

    private Money() {
    }

    static long toNanos(double usd) {
        return Math.round(usd * NANOS_PER_USD);
    }

    /** Nano-dollars as dollars; exact for any amount below 2^53 nano-dollars (about 9 million dollars). */
    static double toUsd(long nanos) {
        return nanos / (double) NANOS_PER_USD;
    }

    /** Dollars for people: at least 2 and at most 4 decimals, e.g. {@code 20.00}, {@code 20.0312}. */
    static String format(double usd) {
        BigDecimal d = BigDecimal.valueOf(usd).setScale(4, RoundingMode.HALF_UP).stripTrailingZeros();
        return d.scale() < 2 ? d.setScale(2, RoundingMode.UNNECESSARY).toPlainString() : d.toPlainString();
    }
}
