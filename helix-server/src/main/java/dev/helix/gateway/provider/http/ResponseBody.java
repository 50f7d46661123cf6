package dev.helix.gateway.provider.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * The body of one HTTP/1.1 response, framed as the response says (RFC 9112 §6.3): by {@code Content-Length}, by
 * chunked transfer coding, or by the end of the connection. {@link #complete()} tells whether it was read to its end,
 * which is when its connection may serve another request.
 */
@SuppressWarnings("InputStreamSlowMultibyteRead") // each body reads in bulk in read(byte[], int, int)
abstract sealed class ResponseBody extends InputStream {
    private static final int MAX_CHUNK_LINE = 4096;

    final HttpConnection connection;
    volatile boolean complete;

    private ResponseBody(HttpConnection connection) {
        this.connection = connection;
    }

    /** A body of exactly {@code length} bytes. */
    static ResponseBody fixed(HttpConnection connection, long length) {
        return new Fixed(connection, length);
    }

    /** A body in chunked transfer coding. */
    static ResponseBody chunked(HttpConnection connection) {
        return new Chunked(connection);
    }

    /** A body that ends when the server closes the connection. */
    static ResponseBody untilClose(HttpConnection connection) {
        return new UntilClose(connection);
    }

    /** Whether the body was read to its end. */
    final boolean complete() {
        return complete;
    }

    /** Whether the body ends when the server closes the connection (which then cannot be reused). */
    boolean endsWithConnection() {
        return false;
    }

    /** The body's length as the response declared it ({@code Content-Length}), or -1 when it did not. */
    long declaredLength() {
        return -1;
    }

    @Override
    public final int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    private static final class Fixed extends ResponseBody {
        private final long length;
        private long remaining;

        Fixed(HttpConnection connection, long length) {
            super(connection);
            this.length = length;
            this.remaining = length;
            this.complete = length == 0;
        }

        @Override
        long declaredLength() {
            return length;
        }

        @Override
        public int read(byte[] target, int offset, int length) throws IOException {
            if (remaining == 0) {
                return -1;
            }
            int n = connection.read(target, offset, (int) Math.min(length, remaining));
            if (n < 0) {
                throw new EOFException("the connection closed " + remaining + " bytes before the end of the body");
            }
            remaining -= n;
            complete = remaining == 0;
            return n;
        }

        @Override
        public int available() {
            return (int) Math.min(Integer.MAX_VALUE, remaining);
        }
    }

    private static final class Chunked extends ResponseBody {
        private long remainingInChunk;
        private boolean ended;

        Chunked(HttpConnection connection) {
            super(connection);
        }

        @Override
        public int read(byte[] target, int offset, int length) throws IOException {
            if (ended) {
                return -1;
            }
            if (length == 0) {
                return 0;
            }
            if (remainingInChunk == 0) {
                remainingInChunk = nextChunkSize();
                if (remainingInChunk == 0) {
                    skipTrailers();
                    ended = true;
                    complete = true;
                    return -1;
                }
            }
            int n = connection.read(target, offset, (int) Math.min(length, remainingInChunk));
            if (n < 0) {
                throw new EOFException("the connection closed in the middle of a chunk");
            }
            remainingInChunk -= n;
            if (remainingInChunk == 0 && !connection.readLine(2).isEmpty()) {
                throw new MalformedResponseException("a chunk of the response does not end with CRLF");
            }
            return n;
        }

        private long nextChunkSize() throws IOException {
            String line = connection.readLine(MAX_CHUNK_LINE);
            int end = line.indexOf(';');
            String size = (end < 0 ? line : line.substring(0, end)).strip();
            try {
                long value = Long.parseLong(size, 16);
                if (value < 0 || size.length() > 15) {
                    throw new NumberFormatException();
                }
                return value;
            } catch (NumberFormatException e) {
                throw new MalformedResponseException(
                        "the response has an invalid chunk size '" + abbreviate(size) + "'");
            }
        }

        private void skipTrailers() throws IOException {
            for (int i = 0; i < 100; i++) {
                if (connection.readLine(MAX_CHUNK_LINE).isEmpty()) {
                    return;
                }
            }
            throw new MalformedResponseException("the response has more than 100 trailer fields");
        }

        private static String abbreviate(String text) {
            return text.length() <= 20 ? text : text.substring(0, 20) + "…";
        }
    }

    private static final class UntilClose extends ResponseBody {
        UntilClose(HttpConnection connection) {
            super(connection);
        }

        @Override
        boolean endsWithConnection() {
            return true;
        }

        @Override
        public int read(byte[] target, int offset, int length) throws IOException {
            int n = connection.read(target, offset, length);
            if (n < 0) {
                complete = true;
            }
            return n;
        }
    }
}
