package dev.helix.http;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.DataWriter;
import io.helidon.webserver.CloseConnectionException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * What one HTTP/1.1 connection writes, watched so that the connection can answer on its own only while no
 * response has begun: notes whether the current request's response has started (interim {@code 1xx} answers do
 * not count), tells the {@link WireGuard} when the connection switches protocols ({@code 101}), and after
 * {@link #answer} lets nothing else through.
 */
final class WireWriter implements DataWriter {
    private static final byte[] INTERIM = "HTTP/1.1 1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SWITCHING = "HTTP/1.1 101".getBytes(StandardCharsets.US_ASCII);

    private final DataWriter delegate;
    private final ReentrantLock lock = new ReentrantLock();
    private Runnable onSwitch = () -> {};
    private boolean started;
    private boolean sealed;

    WireWriter(DataWriter delegate) {
        this.delegate = delegate;
    }

    /** What to run when a {@code 101 Switching Protocols} is written. */
    void onSwitch(Runnable action) {
        this.onSwitch = action;
    }

    /** A new request is being read: its response has not started. */
    void newRequest() {
        lock.lock();
        try {
            started = false;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Writes {@code response} unless a response has started or the connection already answered; either way
     * nothing is written after it. Whether it was written.
     */
    boolean answer(byte[] response) {
        lock.lock();
        try {
            boolean free = !started && !sealed;
            sealed = true;
            if (free) {
                delegate.writeNow(BufferData.create(response));
            }
            return free;
        } catch (RuntimeException clientGone) {
            return false;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void write(BufferData... buffers) {
        lock.lock();
        try {
            check(buffers.length == 0 ? null : buffers[0]);
            delegate.write(buffers);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void write(BufferData buffer) {
        lock.lock();
        try {
            check(buffer);
            delegate.write(buffer);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void writeNow(BufferData... buffers) {
        lock.lock();
        try {
            check(buffers.length == 0 ? null : buffers[0]);
            delegate.writeNow(buffers);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void writeNow(BufferData buffer) {
        lock.lock();
        try {
            check(buffer);
            delegate.writeNow(buffer);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void flush() {
        delegate.flush();
    }

    @Override
    public void close() {
        delegate.close();
    }

    private void check(@Nullable BufferData first) {
        if (sealed) {
            throw new CloseConnectionException("the connection already answered this request and is closing");
        }
        if (started || first == null) {
            return;
        }
        if (!startsWith(first, INTERIM)) {
            started = true;
        } else if (startsWith(first, SWITCHING)) {
            onSwitch.run();
        }
    }

    private static boolean startsWith(BufferData data, byte[] prefix) {
        if (data.available() < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data.get(i) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
