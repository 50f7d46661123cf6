package dev.helix.gateway.provider;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Reads server-sent events from an upstream response: {@code event:} and {@code data:} fields, one event per blank
 * line, multi-line data joined with newlines, comments skipped. Lines are bounded so a broken upstream cannot fill
 * the heap.
 */
public final class SseReader {
    /** One event. */
    public record Event(@Nullable String name, byte[] data) {
        public String text() {
            return new String(data, StandardCharsets.UTF_8);
        }
    }

    private static final int MAX_LINE = 16 * 1024 * 1024;
    /**
     * Small on purpose: a stream holds it for its whole length, and a provider's events are a few hundred bytes; the
     * upstream connection buffers beneath it.
     */
    private static final int BUFFER_SIZE = 2048;

    private final InputStream in;
    private final Runnable arrived;
    private final byte[] buffer = new byte[BUFFER_SIZE];
    private int pos;
    private int limit;
    private byte[] line = new byte[1024];
    private int lineLength;

    public SseReader(InputStream in) {
        this(in, () -> {});
    }

    /** A reader that runs {@code arrived} whenever bytes arrive, comments and partial events included. */
    public SseReader(InputStream in, Runnable arrived) {
        this.in = in;
        this.arrived = arrived;
    }

    /** The next event, or null at the end of the stream. */
    public @Nullable Event next() throws IOException {
        String name = null;
        byte[] data = null;
        while (true) {
            if (!readLine()) {
                return data == null ? null : new Event(name, data);
            }
            if (lineLength == 0) {
                if (data != null) {
                    return new Event(name, data);
                }
                name = null;
                continue;
            }
            if (startsWith("data:")) {
                byte[] value = value(5);
                data = data == null ? value : join(data, value);
            } else if (startsWith("event:")) {
                name = new String(value(6), StandardCharsets.UTF_8);
            }
        }
    }

    /**
     * Reads and discards what is left of the body, at most {@code max} bytes; true if the body ended within them.
     * Used after a stream's end marker, so the connection's body is consumed and the connection can be reused.
     */
    public boolean skipRest(int max) throws IOException {
        long skipped = (long) limit - pos;
        pos = limit;
        while (skipped <= max) {
            int n = in.read(buffer);
            if (n < 0) {
                return true;
            }
            skipped += n;
        }
        return false;
    }

    private boolean readLine() throws IOException {
        lineLength = 0;
        while (true) {
            if (pos == limit) {
                limit = in.read(buffer);
                pos = 0;
                if (limit <= 0) {
                    limit = 0;
                    return lineLength > 0;
                }
                arrived.run();
            }
            byte b = buffer[pos++];
            if (b == '\n') {
                if (lineLength > 0 && line[lineLength - 1] == '\r') {
                    lineLength--;
                }
                return true;
            }
            append(b);
        }
    }

    private void append(byte b) throws IOException {
        if (lineLength == line.length) {
            if (line.length >= MAX_LINE) {
                throw new IOException("an event line is longer than " + MAX_LINE + " bytes");
            }
            line = Arrays.copyOf(line, Math.min(MAX_LINE, line.length * 2));
        }
        line[lineLength++] = b;
    }

    private boolean startsWith(String field) {
        if (lineLength < field.length()) {
            return false;
        }
        for (int i = 0; i < field.length(); i++) {
            if (line[i] != field.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private byte[] value(int from) {
        int start = from < lineLength && line[from] == ' ' ? from + 1 : from;
        return Arrays.copyOfRange(line, start, lineLength);
    }

    private static byte[] join(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + 1 + b.length);
        out[a.length] = '\n';
        System.arraycopy(b, 0, out, a.length + 1, b.length);
        return out;
    }
}
