package dev.helix.internal;

import org.jspecify.annotations.Nullable;

/**
 * Whether a number literal means a number a double can hold: Helix refuses literals beyond ±{@link Double#MAX_VALUE}
 * (which would read as infinity) and non-zero literals nearer to zero than {@link Double#MIN_VALUE} (which would
 * read as 0), so that a value is never silently changed into another one.
 */
public final class DoubleRange {
    private static final int SHOWN = 40;

    private DoubleRange() {}

    /**
     * Why {@code literal}, which was read as {@code value}, is out of range, saying where it was ({@code where}, e.g.
     * {@code "in member 'a'"}, may be empty); {@code null} when it is not. Subnormal values (from 4.9E-324) are in
     * range.
     */
    public static @Nullable String problem(CharSequence literal, double value, String where) {
        String number = "the number " + shown(literal) + (where.isEmpty() ? "" : " " + where);
        if (Double.isInfinite(value)) {
            return number + " is beyond the range of a double (at most ±" + Double.MAX_VALUE + ")";
        }
        if (value == 0 && !isZero(literal)) {
            return number + " is not 0 but nearer to 0 than a double can hold (" + Double.MIN_VALUE + ")";
        }
        return null;
    }

    /** Whether every digit of the literal's significand (before any exponent) is 0. */
    private static boolean isZero(CharSequence literal) {
        for (int i = 0; i < literal.length(); i++) {
            char c = literal.charAt(i);
            if (c == 'e' || c == 'E') {
                return true;
            }
            if (c >= '1' && c <= '9') {
                return false;
            }
        }
        return true;
    }

    private static String shown(CharSequence literal) {
        return literal.length() > SHOWN ? literal.subSequence(0, SHOWN) + "…" : literal.toString();
    }
}
