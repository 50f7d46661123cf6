package dev.helix.messaging;

import java.security.SecureRandom;
import java.time.Clock;

/**
 * Message ids that sort in the order they were made on this node: {@code msg_} then 48 bits of epoch milliseconds
 * and 80 random bits in Crockford base32 (the ULID layout); within one millisecond the random part goes up by one
 * (monotonic ULIDs), so messages posted in the same millisecond keep their order.
 */
final class MessageIds {
    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final long FORTY_BITS = (1L << 40) - 1;

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private long lastMillis = -1;
    private long high;
    private long low;

    MessageIds(Clock clock) {
        this.clock = clock;
    }

    synchronized String next() {
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
        write(out, 10, high);
        write(out, 18, low);
        return "msg_" + new String(out);
    }

    private static void write(char[] out, int offset, long fortyBits) {
        long bits = fortyBits;
        for (int i = offset + 7; i >= offset; i--) {
            out[i] = ALPHABET[(int) (bits & 31)];
            bits >>>= 5;
        }
    }
}
