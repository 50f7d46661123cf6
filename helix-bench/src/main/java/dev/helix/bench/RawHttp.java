package dev.helix.bench;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A lean HTTP/1.1 client connection for the gateway load tools: one blocking keep-alive socket with TCP_NODELAY,
 * requests written as prepared bytes in one write, responses parsed by hand (status line, {@code Content-Length},
 * chunked or read-to-close bodies). No pooling, redirects, TLS or header objects: the same few microseconds of
 * client work for every target, so they cancel out when one target is compared with another.
 *
 * <p>For server-sent events it notes when each event ended ({@code System.nanoTime()} of the read that brought its
 * blank line) and whether it was a {@code data:} event other than {@code [DONE]}. Not thread-safe: one thread uses a
 * connection at a time.
 */
final class RawHttp implements AutoCloseable {
    private static final int MAX_HEAD_LINE = 16 * 1024;
    private static final byte[] DATA = "data:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DONE = "[DONE]".getBytes(StandardCharsets.US_ASCII);

    /** What a response was: status, body size, and the end times of its data events (the first few). */
    static final class Response {
        int status;
        int bodyBytes;
        boolean close;
        int events;
        final long[] eventNanos;

        /** A response that remembers the end times of at most {@code maxEvents} data events. */
        Response(int maxEvents) {
            eventNanos = new long[maxEvents];
        }

        void reset() {
            status = 0;
            bodyBytes = 0;
            close = false;
            events = 0;
        }
    }

    private final String host;
    private final int port;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final byte[] buffer = new byte[8 * 1024];
    private int pos;
    private int limit;
    private long readNanos;
    private byte[] line = new byte[512];
    private int lineLength;
    // server-sent events state, across body pieces
    private final byte[] eventStart = new byte[16];
    private int eventStartLength;
    private boolean atLineStart = true;
    private boolean eventHasBytes;

    private RawHttp(String host, int port, int timeoutMillis) throws IOException {
        this.host = host;
        this.port = port;
        this.socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(timeoutMillis);
        socket.connect(new InetSocketAddress(host, port), timeoutMillis);
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Opens a connection to {@code host:port}; {@code timeoutMillis} bounds the connect and every read. */
    static RawHttp open(String host, int port, int timeoutMillis) throws IOException {
        return new RawHttp(host, port, timeoutMillis);
    }

    /**
     * A complete {@code POST} request: the request line, {@code Host}, {@code Content-Type: application/json},
     * {@code Content-Length}, the extra header lines ({@code "Name: value"}) and the body.
     */
    static byte[] post(String host, int port, String path, String[] headers, byte[] body) {
        StringBuilder head = new StringBuilder(256);
        head.append("POST ")
                .append(path)
                .append(" HTTP/1.1\r\n")
                .append("Host: ")
                .append(host)
                .append(':')
                .append(port)
                .append("\r\n")
                .append("Content-Type: application/json\r\n")
                .append("Content-Length: ")
                .append(body.length)
                .append("\r\n");
        for (String h : headers) {
            head.append(h).append("\r\n");
        }
        head.append("\r\n");
        byte[] h = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = Arrays.copyOf(h, h.length + body.length);
        System.arraycopy(body, 0, all, h.length, body.length);
        return all;
    }

    String host() {
        return host;
    }

    int port() {
        return port;
    }

    /** Sends {@code request} and reads the whole response into {@code into}. */
    void exchange(byte[] request, Response into) throws IOException {
        out.write(request);
        out.flush();
        read(into);
    }

    private void read(Response r) throws IOException {
        r.reset();
        if (!readLine()) {
            throw new EOFException("the server closed the connection before answering");
        }
        r.status = status();
        long length = -1;
        boolean chunked = false;
        while (true) {
            if (!readLine()) {
                throw new EOFException("the connection closed in the response headers");
            }
            if (lineLength == 0) {
                break;
            }
            if (headerIs("content-length")) {
                length = Long.parseLong(headerValue());
            } else if (headerIs("transfer-encoding")) {
                chunked = headerValue().toLowerCase(java.util.Locale.ROOT).contains("chunked");
            } else if (headerIs("connection")) {
                r.close = headerValue().equalsIgnoreCase("close");
            }
        }
        atLineStart = true;
        eventHasBytes = false;
        eventStartLength = 0;
        if (chunked) {
            readChunked(r);
        } else if (length >= 0) {
            readBody(r, length);
        } else {
            r.close = true;
            readBody(r, Long.MAX_VALUE);
        }
    }

    private int status() throws IOException {
        // "HTTP/1.1 200 OK"
        if (lineLength < 12 || line[8] != ' ') {
            throw new IOException(
                    "bad status line: " + new String(line, 0, Math.min(lineLength, 80), StandardCharsets.ISO_8859_1));
        }
        return (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
    }

    private void readChunked(Response r) throws IOException {
        while (true) {
            if (!readLine()) {
                throw new EOFException("the connection closed in a chunked body");
            }
            int semicolon = indexOf(line, lineLength, (byte) ';');
            String size = new String(line, 0, semicolon < 0 ? lineLength : semicolon, StandardCharsets.ISO_8859_1);
            long n = Long.parseLong(size.trim(), 16);
            if (n == 0) {
                while (readLine() && lineLength > 0) {
                    // trailers
                }
                return;
            }
            readBody(r, n);
            if (!readLine() || lineLength != 0) {
                throw new IOException("a chunk did not end with CRLF");
            }
        }
    }

    /** Reads {@code n} body bytes (or up to the end of the stream when {@code n} is Long.MAX_VALUE). */
    private void readBody(Response r, long n) throws IOException {
        long left = n;
        while (left > 0) {
            if (pos == limit && !fill()) {
                if (n == Long.MAX_VALUE) {
                    return;
                }
                throw new EOFException("the connection closed in the response body");
            }
            int take = (int) Math.min(left, limit - pos);
            scanEvents(r, pos, take);
            pos += take;
            left -= take;
            r.bodyBytes += take;
        }
    }

    /** Finds server-sent event ends (a blank line) in body bytes, and notes data events with their read time. */
    private void scanEvents(Response r, int from, int count) {
        for (int i = from; i < from + count; i++) {
            byte b = buffer[i];
            if (b == '\r') {
                continue;
            }
            if (b == '\n') {
                if (atLineStart && eventHasBytes) {
                    endEvent(r);
                }
                atLineStart = true;
                continue;
            }
            atLineStart = false;
            eventHasBytes = true;
            if (eventStartLength < eventStart.length) {
                eventStart[eventStartLength++] = b;
            }
        }
    }

    private void endEvent(Response r) {
        boolean data = startsWith(eventStart, eventStartLength, DATA, 0);
        if (data) {
            int at = eventStartLength > DATA.length && eventStart[DATA.length] == ' ' ? DATA.length + 1 : DATA.length;
            boolean done = startsWith(eventStart, eventStartLength, DONE, at);
            if (!done && r.events < r.eventNanos.length) {
                r.eventNanos[r.events++] = readNanos;
            }
        }
        eventHasBytes = false;
        eventStartLength = 0;
    }

    private static boolean startsWith(byte[] a, int length, byte[] prefix, int at) {
        if (length - at < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (a[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** Reads one CRLF- or LF-terminated line of the head into {@code line}; false at the end of the stream. */
    private boolean readLine() throws IOException {
        lineLength = 0;
        while (true) {
            if (pos == limit && !fill()) {
                return false;
            }
            byte b = buffer[pos++];
            if (b == '\n') {
                if (lineLength > 0 && line[lineLength - 1] == '\r') {
                    lineLength--;
                }
                return true;
            }
            if (lineLength == line.length) {
                if (line.length >= MAX_HEAD_LINE) {
                    throw new IOException("a response head line is longer than " + MAX_HEAD_LINE + " bytes");
                }
                line = Arrays.copyOf(line, line.length * 2);
            }
            line[lineLength++] = b;
        }
    }

    private boolean fill() throws IOException {
        int n = in.read(buffer);
        readNanos = System.nanoTime();
        if (n <= 0) {
            return false;
        }
        pos = 0;
        limit = n;
        return true;
    }

    private boolean headerIs(String lowerName) {
        int colon = indexOf(line, lineLength, (byte) ':');
        if (colon != lowerName.length()) {
            return false;
        }
        for (int i = 0; i < colon; i++) {
            int c = line[i];
            if (c >= 'A' && c <= 'Z') {
                c += 32;
            }
            if (c != lowerName.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private String headerValue() {
        int colon = indexOf(line, lineLength, (byte) ':');
        return new String(line, colon + 1, lineLength - colon - 1, StandardCharsets.ISO_8859_1).trim();
    }

    private static int indexOf(byte[] a, int length, byte b) {
        for (int i = 0; i < length; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // best effort
        }
    }
}
