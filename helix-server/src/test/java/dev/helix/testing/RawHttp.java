package dev.helix.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Sends exact bytes to a server over a plain socket and reads one answer, for tests of what a hostile or broken
 * client may send. One connection per call; the answer is read by its own framing, so a server that keeps the
 * connection open does not stall the test.
 */
public final class RawHttp {
    private final int port;
    private final int timeoutMillis;

    /** A client of the server on {@code 127.0.0.1:port} that waits at most {@code timeoutMillis} for an answer. */
    public RawHttp(int port, int timeoutMillis) {
        this.port = port;
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * What came back.
     *
     * @param status the status code, or 0 when the server closed the connection without an answer
     * @param head   the status line and headers as text
     * @param body   the body as text
     */
    public record Answer(int status, String head, String body) {}

    /** Thrown when the server neither answered nor closed the connection in time. */
    public static final class Hang extends RuntimeException {
        Hang(String message) {
            super(message);
        }
    }

    /** Writes {@code request}, half-closes the connection, and reads the first answer. */
    public Answer send(byte[] request) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(timeoutMillis);
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            socket.shutdownOutput();
            return read(socket.getInputStream());
        } catch (SocketTimeoutException e) {
            throw new Hang("no answer and no close within " + timeoutMillis + " ms");
        } catch (IOException e) {
            return new Answer(0, "", e.toString());
        }
    }

    private static Answer read(InputStream in) throws IOException {
        String head = readHead(in);
        if (head.isEmpty()) {
            return new Answer(0, "", "");
        }
        int status = Integer.parseInt(head.substring(9, 12));
        String lower = head.toLowerCase(Locale.ROOT);
        byte[] body;
        if (lower.contains("\ntransfer-encoding: chunked")) {
            body = readChunked(in);
        } else if (lower.contains("\ncontent-length:")) {
            int at = lower.indexOf("\ncontent-length:") + 16;
            body = in.readNBytes(Integer.parseInt(
                    lower.substring(at, lower.indexOf('\r', at)).trim()));
        } else {
            body = status == 204 || status == 304 ? new byte[0] : in.readAllBytes();
        }
        return new Answer(status, head, new String(body, StandardCharsets.UTF_8));
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            out.write(b);
            if (out.size() >= 4 && endsWithBlankLine(out.toByteArray())) {
                break;
            }
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    private static boolean endsWithBlankLine(byte[] b) {
        int n = b.length;
        return b[n - 4] == '\r' && b[n - 3] == '\n' && b[n - 2] == '\r' && b[n - 1] == '\n';
    }

    private static byte[] readChunked(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine(in);
            int semi = sizeLine.indexOf(';');
            int size = Integer.parseInt((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
            if (size == 0) {
                readLine(in);
                return out.toByteArray();
            }
            out.write(in.readNBytes(size));
            readLine(in);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                sb.append((char) b);
            }
        }
        return sb.toString();
    }
}
