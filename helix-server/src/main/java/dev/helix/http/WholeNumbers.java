package dev.helix.http;

/**
 * The one parser for whole numbers in paths, query parameters and headers (versions, offsets, page sizes): ASCII
 * digits only, without sign, spaces or leading zeros, so that one number has one spelling. {@link Long#parseLong}
 * alone would take {@code +1}, and a trim before it would take {@code 1%00}.
 */
public final class WholeNumbers {
    private static final int MAX_DIGITS = String.valueOf(Long.MAX_VALUE).length();
    private static final int SHOWN = 40;

    private WholeNumbers() {}

    /**
     * {@code text} as a number from {@code min} to {@code max} (both at least 0); otherwise a 400 saying that
     * {@code name} must be one, and quoting what was sent.
     */
    public static long parse(String text, String name, long min, long max) {
        long value = parseOrMinusOne(text);
        if (value < min || value > max) {
            throw ProblemException.badRequest(name + " must be a whole number from " + min + " to " + max
                    + " written in digits, not '" + shown(text) + "'");
        }
        return value;
    }

    /** {@code text} as a whole number written canonically, or -1 if it is not one or is beyond a long. */
    public static long parseOrMinusOne(String text) {
        int n = text.length();
        if (n == 0 || n > MAX_DIGITS || (n > 1 && text.charAt(0) == '0')) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
            if (value < 0) {
                return -1;
            }
        }
        return value;
    }

    private static String shown(String text) {
        return text.length() > SHOWN ? text.substring(0, SHOWN) + "…" : text;
    }
}
