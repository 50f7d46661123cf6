package dev.helix.ratelimit;

/**
 * The answer of a rate-limit check.
 *
 * @param allowed     whether the request may go on (one unit was taken)
 * @param remaining   units left now (negative when more was charged than the quota holds)
 * @param nanosToNext if allowed, nanoseconds until one more unit is available (0 when the quota is full); if not,
 *                    until this request would be allowed
 */
public record Verdict(boolean allowed, long remaining, long nanosToNext) {
    private static final long SECOND = 1_000_000_000L;

    static Verdict allowed(long remaining, long nanosToFull, double nanosPerUnit) {
        return new Verdict(true, remaining, nextUnit(nanosToFull, nanosPerUnit));
    }

    static Verdict refused(long nanosToWait) {
        return refused(0, nanosToWait);
    }

    /** Refused, with {@code remaining} units left (too few for what was asked; negative when in debt). */
    static Verdict refused(long remaining, long nanosToWait) {
        return new Verdict(false, remaining, Math.max(1, nanosToWait));
    }

    /** {@link #nanosToNext} in whole seconds, rounded up: the {@code t} of {@code RateLimit}. */
    public long secondsToNext() {
        return (nanosToNext + SECOND - 1) / SECOND;
    }

    /** Seconds to wait before retrying, rounded up and at least 1: {@code Retry-After}. */
    public long retryAfterSeconds() {
        return Math.max(1, secondsToNext());
    }

    /**
     * The time until the next unit comes back in a token bucket that will be full in {@code nanosToFull}: units
     * come back one every {@code nanosPerUnit}, so the next one is the remainder of that division, or a whole
     * interval when the division is exact.
     */
    static long nextUnit(long nanosToFull, double nanosPerUnit) {
        if (nanosToFull <= 0) {
            return 0;
        }
        double rest = nanosToFull % nanosPerUnit;
        return (long) Math.ceil(rest < 1 ? nanosPerUnit : rest);
    }
}
