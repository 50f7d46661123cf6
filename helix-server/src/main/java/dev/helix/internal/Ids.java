package dev.helix.internal;

import java.security.SecureRandom;
import java.time.Clock;

/**
 * Time-ordered identifiers: 48 bits of epoch milliseconds then 80 random bits, written as 26 characters of Crockford
 * base32 (the ULID layout), behind a short type prefix such as {@code key_}.
 *
 * <p>Ids sort by creation time, which keeps database indexes append-mostly and makes listings stable. Within one
 * millisecond the random part of one generator goes up by one (monotonic ULIDs), so the ids it makes in the same
 * millisecond keep the order they were made in; and if its clock steps back, it goes on from the last millisecond it
 * used.
 */
public final class Ids {
    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final long FORTY_BITS = (1L << 40) - 1;

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private long lastMillis = -1;
    private long high;
    private long low;

    public Ids(Clock clock) {
        this.clock = clock;
    }

    /** Returns a new id such as {@code key_01JD3W5N6Q2ZQ8V4Y7T1R0K9XB}. */
    public synchronized String next(String prefix) {
        long now = Math.max(clock.millis(), lastMillis);
        if (now == lastMillis) {
            low = (low + 1) & FORTY_BITS;
            high = low == 0 ? (high + 1) & FORTY_BITS : high;
        } else {
            lastMillis = now;
            high = random.nextLong() & FORTY_BITS;
            low = random.nextLong() & (FORTY_BITS >>> 1); // room to count up within the millisecond
        }
        char[] out = new char[26];
        long time = now;
        for (int i = 9; i >= 0; i--) {
            out[i] = ALPHABET[(int) (time & 31)];
            time >>>= 5;
        }
        writeBase32(out, 10, high);
        writeBase32(out, 18, low);
        return prefix + "_" + new String(out);
    }

    private static void writeBase32(char[] out, int offset, long fortyBits) {
        long bits = fortyBits;
        for (int i = offset + 7; i >= offset; i--) {
            out[i] = ALPHABET[(int) (bits & 31)];
            bits >>>= 5;
        }
    }
}
