package dev.helix.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * A strict UTF-8 check: the well-formed byte sequences of Unicode's table 3-7 and nothing else, so overlong forms
 * ({@code C0 AF} for {@code /}), UTF-16 surrogates ({@code ED A0 80}), code points above U+10FFFF, stray continuation
 * bytes and sequences cut short are all refused. NUL bytes are refused too: no JSON text or URI has one, and they
 * are how UTF-16 and UTF-32 text looks to a byte scan.
 *
 * <p>Implementation notes: what a lead byte allows is in one place, {@link #lead}: the length of its sequence and the
 * range its second byte must fall in (which is what rules out the overlong, surrogate and too-large forms); the other
 * continuation bytes are 80-BF. {@link #firstInvalid} checks an array eight ASCII bytes at a time (one {@code long}
 * read and three operations), so the usual all-ASCII body costs little next to parsing it; {@link #feed} and
 * {@link #end} keep the state between the pieces of a stream, byte by byte.
 * Positions count bytes from the start of the text and point at the first byte of the sequence that is wrong.
 */
public final class Utf8 {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;
    private long position;
    private long leadAt;
    private int needed;
    private int low;
    private int high;

    /**
     * The index of the first byte of {@code bytes[offset, offset + length)} that does not start (or belong to) a
     * well-formed sequence, or is NUL; {@code -1} if there is none.
     */
    public static int firstInvalid(byte[] bytes, int offset, int length) {
        int end = offset + length;
        int i = asciiRun(bytes, offset, end);
        while (i < end) {
            int n = sequenceLength(bytes, i, end);
            if (n < 0) {
                return i;
            }
            i = asciiRun(bytes, i + n, end);
        }
        return -1;
    }

    /** The index of the first byte from {@code i} on that is not 01-7F (or {@code end}), eight bytes a step. */
    private static int asciiRun(byte[] bytes, int i, int end) {
        while (i + Long.BYTES <= end) {
            long word = (long) LONGS.get(bytes, i);
            // each byte 01-7F: no high bit set, and none borrows (is 00) when 1 is taken from every byte
            if (((word | (word - ONES)) & HIGH_BITS) != 0) {
                break;
            }
            i += Long.BYTES;
        }
        while (i < end && bytes[i] > 0) {
            i++;
        }
        return i;
    }

    /**
     * What a message about the bad sequence at {@code at} shows: a NUL byte, or up to four bytes from there in hex
     * ({@code "the bytes C0 AF"}).
     */
    public static String describe(byte[] bytes, int at) {
        if (bytes[at] == 0) {
            return "a NUL byte";
        }
        StringBuilder shown = new StringBuilder("the bytes");
        for (int i = at; i < Math.min(bytes.length, at + 4); i++) {
            shown.append(String.format(" %02X", bytes[i] & 0xFF));
        }
        return shown.toString();
    }

    /**
     * Checks the next {@code length} bytes of the text; the position of the first bad sequence, or {@code -1}. After
     * a bad sequence the check is not meant to be fed again.
     */
    public long feed(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            int b = bytes[i] & 0xFF;
            if (needed == 0 && b > 0 && b < 0x80) {
                continue;
            }
            long at = position + i - offset;
            if (needed == 0 ? !start(b, at) : !continues(b)) {
                return needed == 0 ? at : leadAt;
            }
        }
        position += length;
        return -1;
    }

    /** At the end of the text: the position of a sequence it cuts short, or {@code -1}. */
    public long end() {
        return needed > 0 ? leadAt : -1;
    }

    private boolean start(int b, long at) {
        int rule = lead(b);
        if (rule == 0) {
            return false;
        }
        leadAt = at;
        needed = (rule & 0xFF) - 1;
        low = (rule >> 8) & 0xFF;
        high = rule >>> 16;
        return true;
    }

    private boolean continues(int b) {
        if (b < low || b > high) {
            return false;
        }
        low = 0x80;
        high = 0xBF;
        needed--;
        return true;
    }

    /** The length of the well-formed multi-byte sequence at {@code i}, or -1. */
    private static int sequenceLength(byte[] bytes, int i, int end) {
        int rule = lead(bytes[i] & 0xFF);
        int n = rule & 0xFF;
        if (rule == 0 || i + n > end) {
            return -1;
        }
        int second = bytes[i + 1] & 0xFF;
        if (second < ((rule >> 8) & 0xFF) || second > rule >>> 16) {
            return -1;
        }
        for (int k = i + 2; k < i + n; k++) {
            if ((bytes[k] & 0xC0) != 0x80) {
                return -1;
            }
        }
        return n;
    }

    /**
     * What lead byte {@code b} (80-FF or 00) starts: its sequence's length, and the lowest and highest second byte,
     * packed as {@code length | low << 8 | high << 16}; 0 if it starts none.
     */
    private static int lead(int b) {
        if (b >= 0xC2 && b <= 0xDF) {
            return 2 | 0x80 << 8 | 0xBF << 16;
        }
        if (b >= 0xE0 && b <= 0xEF) {
            return 3 | (b == 0xE0 ? 0xA0 : 0x80) << 8 | (b == 0xED ? 0x9F : 0xBF) << 16;
        }
        if (b >= 0xF0 && b <= 0xF4) {
            return 4 | (b == 0xF0 ? 0x90 : 0x80) << 8 | (b == 0xF4 ? 0x8F : 0xBF) << 16;
        }
        return 0;
    }
}
