package dev.helix.realtime;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client written against the socket: the upgrade handshake by hand, then frames exactly as given, so a
 * test can send what no well-behaved client library would.
 */
final class RawWebSocket implements AutoCloseable {
    static final int TEXT = 0x1;
    static final int BINARY = 0x2;
    static final int CLOSE = 0x8;
    static final int PING = 0x9;
    static final int FIN = 0x80;

    /** A frame the server sent. */
    record Frame(int opcode, boolean fin, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** The close code of a close frame, or -1 when it carries none. */
        int closeCode() {
            return payload.length < 2 ? -1 : (payload[0] & 0xFF) << 8 | payload[1] & 0xFF;
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Connects to {@code path} of {@code httpBase} with {@code key} and completes the upgrade. */
    static RawWebSocket open(String httpBase, String path, String key) {
        URI uri = URI.create(httpBase);
        try {
            RawWebSocket ws = new RawWebSocket(new Socket(uri.getHost(), uri.getPort()));
            ws.socket.setSoTimeout(10_000);
            ws.out.write(("GET " + path + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort() + "\r\n"
                            + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nAuthorization: Bearer " + key
                            + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String head = ws.readHead();
            if (!head.startsWith("HTTP/1.1 101")) {
                throw new IllegalStateException("upgrade refused: " + head);
            }
            return ws;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Socket socket() {
        return socket;
    }

    /** Sends one masked frame: {@code firstByte} is FIN, RSV and opcode as they go on the wire. */
    void send(int firstByte, byte[] payload) {
        write(frame(firstByte, payload, true));
    }

    /** Sends {@code bytes} as they are. */
    void sendRaw(byte[] bytes) {
        write(bytes);
    }

    /** Sends one final masked text frame. */
    void sendText(String text) {
        send(FIN | TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends one frame without a mask, which a client must never do. */
    void sendUnmasked(int firstByte, byte[] payload) {
        write(frame(firstByte, payload, false));
    }

    /** Sends a close frame whose payload is {@code payload} exactly. */
    void sendClose(byte[] payload) {
        send(FIN | CLOSE, payload);
    }

    /** A close payload: {@code code} as two bytes, then {@code reason}. */
    static byte[] closePayload(int code, byte[] reason) {
        byte[] payload = new byte[2 + reason.length];
        payload[0] = (byte) (code >> 8);
        payload[1] = (byte) code;
        System.arraycopy(reason, 0, payload, 2, reason.length);
        return payload;
    }

    static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    /** The next frame from the server, failing after 10 s. */
    Frame next() {
        try {
            int first = readByte();
            if ((first & 0x70) != 0) {
                throw new IllegalStateException("the server wrote no WebSocket frame but: "
                        + (char) first
                        + new String(in.readNBytes(Math.min(in.available(), 200)), StandardCharsets.ISO_8859_1));
            }
            int second = readByte();
            long length = second & 0x7F;
            if (length == 126) {
                length = readByte() << 8 | readByte();
            } else if (length == 127) {
                length = 0;
                for (int i = 0; i < 8; i++) {
                    length = length << 8 | readByte();
                }
            }
            if ((second & 0x80) != 0) {
                throw new IllegalStateException("the server masked a frame");
            }
            return new Frame(first & 0x0F, (first & FIN) != 0, in.readNBytes((int) length));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next frame of {@code opcode}, skipping others (pings, messages). */
    Frame next(int opcode) {
        while (true) {
            Frame frame = next();
            if (frame.opcode() == opcode) {
                return frame;
            }
        }
    }

    /**
     * The server's close frame, skipping what comes before it; answers it as a client must, then checks the server
     * closed the connection.
     */
    Frame closeFrame() {
        Frame close = next(CLOSE);
        try {
            out.write(frame(FIN | CLOSE, closePayload(1000, new byte[0]), true));
        } catch (IOException e) {
            // the server may have closed the connection already, as it does after a protocol error
        }
        if (!endOfStream()) {
            throw new IllegalStateException("the server sent more after its close frame");
        }
        return close;
    }

    /** Whether the server closed the connection (nothing more arrives). */
    boolean endOfStream() {
        try {
            return in.read() == -1;
        } catch (IOException e) {
            return true;
        }
    }

    /** Closes the connection with a TCP reset instead of a close handshake. */
    void reset() {
        try {
            socket.setSoLinger(true, 0);
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // already gone
        }
    }

    private static byte[] frame(int firstByte, byte[] payload, boolean masked) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(firstByte);
        int maskBit = masked ? 0x80 : 0;
        if (payload.length < 126) {
            frame.write(maskBit | payload.length);
        } else if (payload.length < 65536) {
            frame.write(maskBit | 126);
            frame.write(payload.length >> 8);
            frame.write(payload.length);
        } else {
            frame.write(maskBit | 127);
            for (int i = 56; i >= 0; i -= 8) {
                frame.write((int) ((long) payload.length >> i));
            }
        }
        byte[] mask = new byte[4];
        if (masked) {
            ThreadLocalRandom.current().nextBytes(mask);
            frame.writeBytes(mask);
        }
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        return frame.toByteArray();
    }

    private void write(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            head.write(readByte());
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private int readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("the server closed the connection");
        }
        return b;
    }
}
