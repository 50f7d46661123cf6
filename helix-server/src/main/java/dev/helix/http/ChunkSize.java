package dev.helix.http;

import java.nio.charset.StandardCharsets;

/**
 * Reads the size from a chunk size line (RFC 9112 §7.1): hexadecimal digits, optionally followed by whitespace and
 * {@code ;} chunk extensions, which are ignored. A size that is not hexadecimal or does not fit the 31 bits the
 * server reads chunks in is a {@link FramingException}.
 */
final class ChunkSize {
    private static final long MAX = Integer.MAX_VALUE;

    private ChunkSize() {}

    /** The size on the line {@code bytes[from, to)} (without its CRLF). */
    static long parse(byte[] bytes, int from, int to) {
        long size = 0;
        int i = from;
        for (; i < to && digit(bytes[i]) >= 0; i++) {
            size = size * 16 + digit(bytes[i]);
            if (size > MAX) {
                throw FramingException.badRequest("chunk size '" + line(bytes, from, to) + "' is larger than "
                        + Long.toHexString(MAX) + " (" + MAX + " bytes)");
            }
        }
        while (i < to && (bytes[i] == ' ' || bytes[i] == '\t')) {
            i++;
        }
        if (i == from || (i < to && bytes[i] != ';')) {
            throw FramingException.badRequest("invalid chunk size '" + line(bytes, from, to)
                    + "': expected hexadecimal digits, optionally followed by ';' extensions");
        }
        return size;
    }

    private static int digit(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        int lower = b | 0x20;
        return lower >= 'a' && lower <= 'f' ? lower - 'a' + 10 : -1;
    }

    private static String line(byte[] bytes, int from, int to) {
        return RequestHead.printable(new String(bytes, from, to - from, StandardCharsets.ISO_8859_1));
    }
}
