package dev.helix.internal;

import java.security.SecureRandom;
import java.time.Clock;

/**
 * Time-ordered identifiers: 48 bits of epoch milliseconds then 80 random bits, written as 26 characters
 * of Crockford base32 (the ULID layout), behind a short type prefix such as {@code key_}.
 *
 * <p>Ids sort by creation time, which keeps database indexes append-mostly and makes listings stable.
 */
public final class Ids {
    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public Ids(Clock clock) {
        this.clock = clock;
    }

    /** Returns a new id such as {@code key_01JD3W5N6Q2ZQ8V4Y7T1R0K9XB}. */
    public String next(String prefix) {
        byte[] entropy = new byte[10];
        random.nextBytes(entropy);
        char[] out = new char[26];
        long time = clock.millis();
        for (int i = 9; i >= 0; i--) {
            out[i] = ALPHABET[(int) (time & 31)];
            time >>>= 5;
        }
        long high = ((entropy[0] & 0xFFL) << 32)
                | ((entropy[1] & 0xFFL) << 24)
                | ((entropy[2] & 0xFFL) << 16)
                | ((entropy[3] & 0xFFL) << 8)
                | (entropy[4] & 0xFFL);
        long low = ((entropy[5] & 0xFFL) << 32)
                | ((entropy[6] & 0xFFL) << 24)
                | ((entropy[7] & 0xFFL) << 16)
                | ((entropy[8] & 0xFFL) << 8)
                | (entropy[9] & 0xFFL);
        writeBase32(out, 10, high);
        writeBase32(out, 18, low);
        return prefix + "_" + new String(out);
    }

    private static void writeBase32(char[] out, int offset, long fortyBits) {
        for (int i = offset + 7; i >= offset; i--) {
            out[i] = ALPHABET[(int) (fortyBits & 31)];
            fortyBits >>>= 5;
        }
    }
}
