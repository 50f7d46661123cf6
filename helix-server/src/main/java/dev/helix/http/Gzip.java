package dev.helix.http;

import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * gzip (RFC 1952) of whole bodies in memory, with a small pool of {@link Deflater}s: each holds ~256 KiB of native
 * zlib state, too much to create per response.
 */
final class Gzip {
    private static final int POOL = 16;
    private static final int HEADER = 10;
    private static final int TRAILER = 8;

    private final int level;
    private final ArrayBlockingQueue<Deflater> pool = new ArrayBlockingQueue<>(POOL);

    Gzip(int level) {
        this.level = level;
    }

    /** {@code body[off, off+len)} compressed, with gzip's header and trailer. */
    byte[] compress(byte[] body, int off, int len) {
        Deflater deflater = pool.poll();
        if (deflater == null) {
            deflater = new Deflater(level, true);
        }
        try {
            return compress(deflater, body, off, len);
        } finally {
            deflater.reset();
            if (!pool.offer(deflater)) {
                deflater.end();
            }
        }
    }

    private static byte[] compress(Deflater deflater, byte[] body, int off, int len) {
        deflater.setInput(body, off, len);
        deflater.finish();
        byte[] out = new byte[Math.max(64, len / 3)];
        out[0] = 0x1f;
        out[1] = (byte) 0x8b;
        out[2] = Deflater.DEFLATED;
        out[9] = (byte) 0xff;
        int n = HEADER;
        while (!deflater.finished()) {
            if (n == out.length) {
                out = Arrays.copyOf(out, out.length * 2);
            }
            n += deflater.deflate(out, n, out.length - n);
        }
        CRC32 crc = new CRC32();
        crc.update(body, off, len);
        byte[] result = Arrays.copyOf(out, n + TRAILER);
        writeIntLe(result, n, (int) crc.getValue());
        writeIntLe(result, n + 4, len);
        return result;
    }

    private static void writeIntLe(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
        b[at + 2] = (byte) (v >>> 16);
        b[at + 3] = (byte) (v >>> 24);
    }
}
