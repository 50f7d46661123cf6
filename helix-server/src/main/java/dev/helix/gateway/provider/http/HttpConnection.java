package dev.helix.gateway.provider.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One keep-alive connection to an upstream: the socket, and a read buffer that exists only while a response is
 * being read. A call waiting for its response (seconds, for an LLM) blocks on a one-byte read and holds no buffer,
 * so thousands of calls in flight cost little memory; the buffer is dropped again when the connection goes idle.
 */
final class HttpConnection implements AutoCloseable {
    private static final int BUFFER_SIZE = 4096;
    /** Bodies up to this size are sent in the same write as the head (one TCP segment on loopback). */
    private static final int COALESCE_LIMIT = 64 * 1024;

    private final Socket socket;
    private final @Nullable SocketChannel channel;
    private final InputStream in;
    private final OutputStream out;
    private final boolean absoluteForm;
    private byte @Nullable [] buffer;
    private int position;
    private int limit;
    private long idleSinceNanos;

    /**
     * @param socket       the connection (TLS over {@code channel}'s socket for https)
     * @param channel      the TCP channel under it, to tell without waiting whether the server closed it; null
     *                     when there is none (through a SOCKS proxy)
     * @param absoluteForm whether requests name their whole URI (plain http through an HTTP proxy) rather than only
     *                     the path
     */
    HttpConnection(Socket socket, @Nullable SocketChannel channel, boolean absoluteForm) throws IOException {
        this.socket = socket;
        this.channel = channel;
        this.absoluteForm = absoluteForm;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Sends a request: its head and its body (which may be null). */
    void send(byte[] head, byte @Nullable [] body) throws IOException {
        if (body == null || body.length == 0) {
            out.write(head);
        } else if (body.length <= COALESCE_LIMIT) {
            byte[] message = new byte[head.length + body.length];
            System.arraycopy(head, 0, message, 0, head.length);
            System.arraycopy(body, 0, message, head.length, body.length);
            out.write(message);
        } else {
            out.write(head);
            out.write(body);
        }
        out.flush();
    }

    /** The next byte, or -1 at the end of the stream. */
    int read() throws IOException {
        if (position == limit && !fill()) {
            return -1;
        }
        return Objects.requireNonNull(buffer)[position++] & 0xff;
    }

    /** Up to {@code length} bytes into {@code target}; -1 at the end of the stream. */
    int read(byte[] target, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (position == limit) {
            if (buffer != null && length >= buffer.length) {
                return in.read(target, offset, length);
            }
            if (!fill()) {
                return -1;
            }
        }
        int n = Math.min(length, limit - position);
        System.arraycopy(buffer, position, target, offset, n);
        position += n;
        return n;
    }

    /** One line of a response head or a chunk header, without its CRLF (or bare LF); at most {@code max} bytes. */
    String readLine(int max) throws IOException {
        StringBuilder line = new StringBuilder(64);
        while (true) {
            int b = read();
            if (b < 0) {
                throw new EOFException("the connection closed in the middle of a line");
            }
            if (b == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            if (line.length() >= max) {
                throw new MalformedResponseException("a line of the response is longer than " + max + " bytes");
            }
            line.append((char) b);
        }
    }

    boolean absoluteForm() {
        return absoluteForm;
    }

    /**
     * Whether this idle connection can carry another request: the server has not closed it (nor sent anything
     * unasked). Looks without waiting, so a connection the server dropped while idle (its keep-alive timeout) is
     * never given a request that would then be lost or sent twice.
     */
    boolean usable() {
        if (channel == null) {
            return true;
        }
        try {
            channel.configureBlocking(false);
            int n = channel.read(ByteBuffer.allocate(1));
            channel.configureBlocking(true);
            return n == 0;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Marks the connection idle, its response read to the end and nothing left unread: the read buffer goes. */
    void idle(long nowNanos) {
        idleSinceNanos = nowNanos;
        buffer = null;
        position = 0;
        limit = 0;
    }

    long idleSinceNanos() {
        return idleSinceNanos;
    }

    /** Whether bytes arrived that no response asked for (the connection can then not be reused). */
    boolean hasUnreadBytes() {
        return position < limit;
    }

    /** Reads more into the buffer; the first read of a response waits on one byte, without a buffer. */
    private boolean fill() throws IOException {
        if (buffer == null) {
            int first = in.read();
            if (first < 0) {
                return false;
            }
            buffer = new byte[BUFFER_SIZE];
            buffer[0] = (byte) first;
            position = 0;
            limit = 1;
            return true;
        }
        int n = in.read(buffer, 0, buffer.length);
        if (n < 0) {
            return false;
        }
        position = 0;
        limit = n;
        return true;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is best effort
        }
    }
}
