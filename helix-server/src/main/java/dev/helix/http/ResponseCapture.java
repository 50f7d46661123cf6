package dev.helix.http;

import io.helidon.http.Header;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A response a handler writes into memory instead of to the client, so a cache can keep it: status, headers and a
 * whole body sent with {@code send(byte[])}. A handler that streams (output stream, sink) or uses trailers is passed
 * through to the real response as it is, and its response is not kept.
 *
 * <p>After the handler: {@link #storable(long)} says whether the response may be kept, {@link #store(Set)} makes the
 * {@link StoredResponse}; otherwise {@link #release()} sends what was captured as it is.
 */
public final class ResponseCapture extends ForwardingResponse {
    private static final byte[] EMPTY = new byte[0];

    private final ServerResponseHeaders headers = ServerResponseHeaders.create();
    private Status status = Status.OK_200;
    private byte @Nullable [] body;
    private boolean passedThrough;

    public ResponseCapture(ServerResponse res) {
        super(res);
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

    /** The captured response as a {@link StoredResponse}, without the {@code drop} headers; only if storable. */
    public StoredResponse store(Set<HeaderName> drop) {
        return StoredResponse.of(headers, Objects.requireNonNull(body, "no body was captured"), drop);
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

    /** A streaming call: from now on the handler writes to the real response, and nothing is kept. */
    @Override
    protected ServerResponse streamTarget() {
        return passThrough();
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
    public ServerResponseHeaders headers() {
        return passedThrough ? res.headers() : headers;
    }
}
