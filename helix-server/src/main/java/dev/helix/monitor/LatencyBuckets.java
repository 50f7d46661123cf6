package dev.helix.monitor;

/**
 * The fixed log-scale latency buckets of {@link RouteRecorder}, in microseconds: 0 to 15 µs each have a bucket of
 * their own; above that every power of two is split into 8 equal buckets, so a bucket is at most 12.5% of its value
 * wide, up to 2^27 µs (about 134 s); anything longer shares the last bucket. 201 buckets in all.
 *
 * <p>A percentile is reported as the middle of its bucket, which is within 6.25% of the true value.
 */
final class LatencyBuckets {
    private static final int SUB_BITS = 3;
    private static final int SUB = 1 << SUB_BITS;
    /** Values below this have a bucket each. */
    private static final int LINEAR = 2 * SUB;
    /** The largest power of two (of microseconds) that still has buckets of its own. */
    private static final int MAX_EXPONENT = 26;
    /** The bucket of everything at or above 2^27 µs. */
    static final int OVERFLOW = LINEAR + (MAX_EXPONENT - SUB_BITS) * SUB;
    /** How many buckets there are. */
    static final int COUNT = OVERFLOW + 1;

    private LatencyBuckets() {}

    /** The bucket of {@code micros} (negative values count as 0). */
    static int index(long micros) {
        if (micros < LINEAR) {
            return micros < 0 ? 0 : (int) micros;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(micros);
        if (exponent > MAX_EXPONENT) {
            return OVERFLOW;
        }
        int sub = (int) (micros >>> (exponent - SUB_BITS)) & (SUB - 1);
        return LINEAR + (exponent - SUB_BITS - 1) * SUB + sub;
    }

    /** The smallest value in bucket {@code index}, in microseconds. */
    static long lower(int index) {
        if (index < LINEAR) {
            return index;
        }
        int k = index - LINEAR;
        int exponent = k / SUB + SUB_BITS + 1;
        return (long) (SUB + k % SUB) << (exponent - SUB_BITS);
    }

    /** The first value after bucket {@code index}, in microseconds ({@link Long#MAX_VALUE} for the last). */
    static long upper(int index) {
        if (index == OVERFLOW) {
            return Long.MAX_VALUE;
        }
        return index + 1 < COUNT ? lower(index + 1) : Long.MAX_VALUE;
    }

    /** The value a percentile falling in bucket {@code index} is reported as, in microseconds. */
    static double representative(int index) {
        if (index == OVERFLOW) {
            return lower(index);
        }
        return (lower(index) + upper(index)) / 2.0;
    }
}
