package dev.helix.realtime;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.DataWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * The sending half of a WebSocket connection: one frame at a time whichever thread sends, and nothing after the
 * close frame (RFC 6455 §5.5.1), so a connection sends exactly one close however many reasons to close it meets.
 * A write that fails ends sending and runs {@code onFailure} (which closes the socket, so the reading side ends too).
 */
final class FrameWriter {
    private static final int MAX_REASON_BYTES = FrameReader.MAX_CONTROL_PAYLOAD - 2;

    private final DataWriter writer;
    private final Runnable onFailure;
    private final ReentrantLock lock = new ReentrantLock();
    private boolean continuing;
    private volatile boolean closed;
    private volatile int closeCode;
    private volatile @Nullable String closeReason;
    private volatile boolean failed;

    FrameWriter(DataWriter writer, Runnable onFailure) {
        this.writer = writer;
        this.onFailure = onFailure;
    }

    /** Sends a part of a text ({@link FrameReader#TEXT}) or binary message; nothing once closed. */
    void data(int opcode, BufferData payload, boolean last) {
        lock.lock();
        try {
            if (!closed) {
                write(continuing ? FrameReader.CONTINUATION : opcode, payload, last);
                continuing = !last;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Sends a ping or pong; nothing once closed. */
    void control(int opcode, BufferData payload) {
        if (payload.available() > FrameReader.MAX_CONTROL_PAYLOAD) {
            throw new IllegalArgumentException("a control frame carries at most " + FrameReader.MAX_CONTROL_PAYLOAD
                    + " bytes, not " + payload.available());
        }
        lock.lock();
        try {
            if (!closed) {
                write(opcode, payload, true);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Sends the close frame unless one was sent; true if this call sent it. */
    boolean close(int code, String reason) {
        lock.lock();
        try {
            return sendClose(code, reason);
        } finally {
            lock.unlock();
        }
    }

    /** As {@link #close}, but gives up at once when another thread is sending (maybe blocked on the client). */
    boolean closeIfIdle(int code, String reason) {
        if (!lock.tryLock()) {
            return false;
        }
        try {
            return sendClose(code, reason);
        } finally {
            lock.unlock();
        }
    }

    /** Sends nothing more, close frame included (the connection has ended). */
    void shut() {
        closed = true;
    }

    /** Whether a close frame was sent. */
    boolean closeSent() {
        return closeReason != null;
    }

    int closeCode() {
        return closeCode;
    }

    @Nullable
    String closeReason() {
        return closeReason;
    }

    /** Whether a write failed: the connection is gone. */
    boolean failed() {
        return failed;
    }

    private boolean sendClose(int code, String reason) {
        if (closed) {
            return false;
        }
        closed = true;
        closeCode = code;
        closeReason = reason;
        byte[] text = truncated(reason);
        BufferData payload = BufferData.create(2 + text.length);
        payload.writeInt16(code);
        payload.write(text);
        write(FrameReader.CLOSE, payload, true);
        return true;
    }

    private void write(int opcode, BufferData payload, boolean last) {
        int length = payload.available();
        BufferData frame = BufferData.create(length + 10);
        frame.write((last ? 0x80 : 0) | opcode);
        if (length < 126) {
            frame.write(length);
        } else if (length < 65536) {
            frame.write(126);
            frame.writeInt16(length);
        } else {
            frame.write(127);
            frame.writeInt32(0);
            frame.writeInt32(length);
        }
        frame.write(payload);
        try {
            writer.writeNow(frame);
        } catch (RuntimeException e) {
            closed = true;
            failed = true;
            onFailure.run();
            throw e;
        }
    }

    /** {@code reason} in UTF-8, cut at a character boundary to fit a close frame. */
    private static byte[] truncated(String reason) {
        byte[] bytes = reason.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_REASON_BYTES) {
            return bytes;
        }
        int end = MAX_REASON_BYTES;
        while ((bytes[end] & 0xC0) == 0x80) {
            end--;
        }
        return Arrays.copyOf(bytes, end);
    }
}
