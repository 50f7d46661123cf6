package dev.helix.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Cuts the bytes a client sends on one HTTP/1.1 connection into requests (RFC 9112) and hands them on one request
 * at a time, never past the end of the current one: a request head (checked by {@link RequestHead}), then its body
 * by {@code Content-Length} or in chunks. Chunked bodies are handed on normalised, so the parser behind reads them
 * whatever they carry: chunk extensions ({@code 10;name=value}) are dropped, sizes written without leading zeros,
 * trailer fields discarded. Whatever cannot be framed unambiguously raises a {@link FramingException}.
 *
 * <p>Implementation notes: input arrives in the arrays the socket reads and is kept as one array plus a position;
 * an array holding exactly the bytes to hand on is handed on as it is (the common case of a whole request in one
 * read). The search for the end of a head or a line resumes where the previous one stopped, so one sent a byte at
 * a time costs linear time. Not thread-safe: one connection thread feeds and reads it.
 */
final class RequestFraming {
    /** Longest chunk size line, extensions included. */
    static final int MAX_CHUNK_LINE = 4096;

    private static final byte[] EMPTY = new byte[0];
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte CR = '\r';
    private static final byte LF = '\n';

    private enum State {
        HEAD,
        LENGTH,
        CHUNK_SIZE,
        CHUNK_DATA,
        CHUNK_END,
        TRAILER,
        DONE,
        PASS
    }

    private final int maxHead;
    private byte[] in = EMPTY;
    private int pos;
    private int scanned;
    private State state = State.HEAD;
    private long remaining;
    private int trailerBytes;
    private @Nullable RequestHead head;
    /** Read by the watchdog thread too, for the error format of an answer it writes. */
    private volatile String target = "/";

    /** @param maxHead the most bytes a request line and its header fields may take */
    RequestFraming(int maxHead) {
        this.maxHead = maxHead;
    }

    /** Adds bytes read from the client. */
    void feed(byte[] bytes) {
        if (available() == 0) {
            in = bytes;
        } else {
            byte[] joined = Arrays.copyOfRange(in, pos, in.length + bytes.length);
            System.arraycopy(bytes, 0, joined, in.length - pos, bytes.length);
            in = joined;
        }
        pos = 0;
    }

    /** The next bytes to hand on, or null when more input is needed or the current request has been handed on. */
    byte @Nullable [] next() {
        return switch (state) {
            case HEAD -> readHead();
            case LENGTH -> length();
            case CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILER -> chunks();
            case PASS -> available() == 0 ? null : take(available());
            case DONE -> null;
        };
    }

    /** Whether the current request has been handed on whole. */
    boolean done() {
        return state == State.DONE;
    }

    /** Whether part of the current request's body is still to come. */
    boolean inBody() {
        return state != State.HEAD && state != State.DONE && state != State.PASS;
    }

    /** Whether bytes of a next request are waiting. */
    boolean pending() {
        return available() > 0;
    }

    /** Starts on the next request, after {@link #done()}. */
    void nextRequest() {
        state = State.HEAD;
        head = null;
        target = "/";
        trailerBytes = 0;
    }

    /** From now on hands on everything unchanged: the connection switched to another protocol. */
    void passThrough() {
        state = State.PASS;
    }

    /** The head of the current request, or null before it is complete and valid. */
    @Nullable
    RequestHead head() {
        return head;
    }

    /** The target of the current request once its head is complete, else "/". */
    String target() {
        return target;
    }

    private int available() {
        return in.length - pos;
    }

    private byte @Nullable [] readHead() {
        if (scanned == 0) {
            skipEmptyLines();
        }
        int end = headEnd();
        if (end < 0 || end - pos > maxHead) {
            if (available() > maxHead || end >= 0) {
                throw new FramingException(
                        431, "the request line and header fields are larger than " + maxHead + " bytes");
            }
            return null;
        }
        target = RequestHead.target(in, pos, end);
        head = RequestHead.parse(in, pos, end);
        scanned = 0;
        return take(end - pos + startBody(in.length - end));
    }

    /** Enters the body state of {@link #head}; how many body bytes of the {@code waiting} ones to hand on now. */
    private int startBody(int waiting) {
        if (Objects.requireNonNull(head).chunked()) {
            state = State.CHUNK_SIZE;
            return 0;
        }
        if (head.length() <= 0) {
            state = State.DONE;
            return 0;
        }
        int now = (int) Math.min(head.length(), waiting);
        remaining = head.length() - now;
        state = remaining == 0 ? State.DONE : State.LENGTH;
        return now;
    }

    /** RFC 9112 §2.2: empty lines before a request line are ignored. */
    private void skipEmptyLines() {
        while (available() >= 2 && in[pos] == CR && in[pos + 1] == LF) {
            pos += 2;
        }
    }

    /** The index just past the empty line ending the head, or -1 if it has not arrived yet. */
    private int headEnd() {
        for (int i = pos + scanned; i < in.length; i++) {
            if (in[i] == CR && i + 1 == in.length) {
                scanned = i - pos;
                return -1;
            }
            checkLineBreak(i);
            if (in[i] == LF && i - pos >= 3 && in[i - 2] == LF) {
                return i + 1;
            }
        }
        scanned = available();
        return -1;
    }

    /** Refuses a CR not followed by LF, or an LF not preceded by CR, at {@code i}. */
    private void checkLineBreak(int i) {
        if ((in[i] == CR && i + 1 < in.length && in[i + 1] != LF) || (in[i] == LF && (i == pos || in[i - 1] != CR))) {
            throw FramingException.badRequest("a line of the request ends with a bare CR or LF instead of CRLF");
        }
    }

    private byte @Nullable [] length() {
        int n = (int) Math.min(remaining, available());
        if (n == 0) {
            return null;
        }
        remaining -= n;
        if (remaining == 0) {
            state = State.DONE;
        }
        return take(n);
    }

    private byte[] take(int n) {
        byte[] out = pos == 0 && n == in.length ? in : Arrays.copyOfRange(in, pos, pos + n);
        pos += n;
        compact();
        return out;
    }

    private void compact() {
        if (pos == in.length) {
            in = EMPTY;
            pos = 0;
        }
    }

    private byte @Nullable [] chunks() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(available() + 16);
        while (state != State.DONE && step(out)) {
            // each step hands on one part of the chunked body
        }
        compact();
        return out.size() == 0 ? null : out.toByteArray();
    }

    /** Hands on the next part of a chunked body; false when more input is needed. */
    private boolean step(ByteArrayOutputStream out) {
        return switch (state) {
            case CHUNK_SIZE -> chunkSize(out);
            case CHUNK_DATA -> chunkData(out);
            case CHUNK_END -> chunkEnd(out);
            default -> trailer(out);
        };
    }

    private boolean chunkSize(ByteArrayOutputStream out) {
        int end = lineEnd(MAX_CHUNK_LINE, "a chunk size line");
        if (end < 0) {
            return false;
        }
        long size = ChunkSize.parse(in, pos, end);
        pos = end + 2;
        out.writeBytes((Long.toHexString(size) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        remaining = size;
        state = size == 0 ? State.TRAILER : State.CHUNK_DATA;
        return true;
    }

    private boolean chunkData(ByteArrayOutputStream out) {
        int n = (int) Math.min(remaining, available());
        if (n == 0) {
            return false;
        }
        out.write(in, pos, n);
        pos += n;
        remaining -= n;
        if (remaining == 0) {
            state = State.CHUNK_END;
        }
        return true;
    }

    private boolean chunkEnd(ByteArrayOutputStream out) {
        if (available() < 2) {
            return false;
        }
        if (in[pos] != CR || in[pos + 1] != LF) {
            throw FramingException.badRequest("a chunk is longer than its size line says");
        }
        pos += 2;
        out.writeBytes(CRLF);
        state = State.CHUNK_SIZE;
        return true;
    }

    /** Reads past one trailer field line, which is dropped; the empty line ends the body. */
    private boolean trailer(ByteArrayOutputStream out) {
        int end = lineEnd(maxHead - trailerBytes, "the trailer fields");
        if (end < 0) {
            return false;
        }
        trailerBytes += end - pos + 2;
        boolean last = end == pos;
        pos = end + 2;
        if (last) {
            out.writeBytes(CRLF);
            state = State.DONE;
        }
        return true;
    }

    /** The index of the CRLF ending the line at {@link #pos}, or -1 if it has not arrived yet. */
    private int lineEnd(int limit, String what) {
        for (int i = pos + scanned; i < in.length - 1; i++) {
            checkLineBreak(i);
            if (in[i] == CR) {
                scanned = 0;
                return i;
            }
        }
        if (available() > limit) {
            throw FramingException.badRequest(what + " is longer than " + limit + " bytes");
        }
        scanned = Math.max(0, available() - 1);
        return -1;
    }
}
