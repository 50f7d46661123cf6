package dev.helix.http;

import io.helidon.common.GenericType;
import io.helidon.common.uri.UriQuery;
import io.helidon.http.Header;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.ServerResponseTrailers;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.http.spi.Sink;
import java.io.OutputStream;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * A response a handler writes into memory instead of to the client, so a cache can keep it: status, headers and a
 * whole body sent with {@code send(byte[])}. A handler that streams (output stream, sink) or uses trailers is passed
 * through to the real response as it is, and its response is not kept.
 *
 * <p>After the handler: {@link #storable(long)} says whether the response may be kept, {@link #store(Set)} makes the
 * {@link StoredResponse}; otherwise {@link #release()} sends what was captured as it is.
 */
public final class ResponseCapture implements ServerResponse {
    private static final byte[] EMPTY = new byte[0];

    private final ServerResponse res;
    private final ServerResponseHeaders headers = ServerResponseHeaders.create();
    private Status status = Status.OK_200;
    private byte[] body;
    private boolean passedThrough;

    public ResponseCapture(ServerResponse res) {
        this.res = res;
    }

    /** Whether the handler sent a whole 200 body of 1 to {@code maxBytes} bytes that may be kept and shared. */
    public boolean storable(long maxBytes) {
        if (passedThrough || body == null || status.code() != 200 || body.length == 0 || body.length > maxBytes) {
            return false;
        }
        if (headers.contains(HeaderNames.SET_COOKIE) || headers.contains(HeaderNames.TRAILER)) {
            return false;
        }
        String cc = headers.first(HeaderNames.CACHE_CONTROL).orElse("").toLowerCase(Locale.ROOT);
        return !cc.contains("no-store") && !cc.contains("private");
    }

    /** The captured response as a {@link StoredResponse}, without the {@code drop} headers. */
    public StoredResponse store(Set<HeaderName> drop) {
        return StoredResponse.of(headers, body, drop);
    }

    /** Sends what the handler sent (if anything) to the real response; nothing to do if it was passed through. */
    public void release() {
        if (passedThrough || body == null) {
            if (!passedThrough) {
                copyTo(res);
            }
            return;
        }
        copyTo(res);
        res.send(body);
    }

    /** Whether the handler wrote to the real response directly (streaming), so nothing is left to send. */
    public boolean passedThrough() {
        return passedThrough;
    }

    private void copyTo(ServerResponse target) {
        target.status(status);
        for (Header h : headers) {
            target.header(h);
        }
    }

    private ServerResponse passThrough() {
        if (!passedThrough) {
            passedThrough = true;
            copyTo(res);
        }
        return res;
    }

    @Override
    public ServerResponse status(Status newStatus) {
        if (passedThrough) {
            res.status(newStatus);
        } else {
            status = newStatus;
        }
        return this;
    }

    @Override
    public Status status() {
        return passedThrough ? res.status() : status;
    }

    @Override
    public ServerResponse header(Header header) {
        if (passedThrough) {
            res.header(header);
        } else {
            headers.set(header);
        }
        return this;
    }

    @Override
    public void send() {
        send(EMPTY);
    }

    @Override
    public void send(byte[] bytes) {
        if (passedThrough) {
            res.send(bytes);
        } else if (body != null) {
            throw new IllegalStateException("Response already sent");
        } else {
            body = bytes;
        }
    }

    @Override
    public void send(byte[] bytes, int position, int length) {
        if (position == 0 && length == bytes.length) {
            send(bytes);
        } else {
            send(java.util.Arrays.copyOfRange(bytes, position, position + length));
        }
    }

    @Override
    public void send(Object entity) {
        if (entity instanceof byte[] bytes) {
            send(bytes);
        } else {
            passThrough().send(entity);
        }
    }

    @Override
    public boolean isSent() {
        return body != null || res.isSent();
    }

    @Override
    public OutputStream outputStream() {
        return passThrough().outputStream();
    }

    @Override
    public long bytesWritten() {
        return res.bytesWritten();
    }

    @Override
    public ServerResponse whenSent(Runnable listener) {
        res.whenSent(listener);
        return this;
    }

    @Override
    public ServerResponse reroute(String newPath) {
        passThrough().reroute(newPath);
        return this;
    }

    @Override
    public ServerResponse reroute(String path, UriQuery query) {
        passThrough().reroute(path, query);
        return this;
    }

    @Override
    public ServerResponse next() {
        passThrough().next();
        return this;
    }

    @Override
    public ServerResponseHeaders headers() {
        return passedThrough ? res.headers() : headers;
    }

    @Override
    public ServerResponseTrailers trailers() {
        return passThrough().trailers();
    }

    @Override
    public ServerResponse beforeTrailers(Consumer<ServerResponseTrailers> beforeTrailers) {
        passThrough().beforeTrailers(beforeTrailers);
        return this;
    }

    @Override
    public void streamResult(String result) {
        passThrough().streamResult(result);
    }

    @Override
    public <T extends Sink<?>> T sink(GenericType<T> sinkType) {
        return passThrough().sink(sinkType);
    }

    @Override
    public void streamFilter(UnaryOperator<OutputStream> filterFunction) {
        passThrough().streamFilter(filterFunction);
    }
}
