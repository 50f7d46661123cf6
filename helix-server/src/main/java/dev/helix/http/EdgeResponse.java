package dev.helix.http;

import io.helidon.common.GenericType;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.http.spi.Sink;
import org.jspecify.annotations.Nullable;

/**
 * The response every route handler writes to: the server's own, with whole bodies ({@code send(byte[])}) compressed
 * on the way out when {@link Compression} says so. Streams and sinks (SSE, streamed LLM answers) pass through
 * untouched.
 */
final class EdgeResponse extends ForwardingResponse {
    private final ServerRequest req;
    private final Compression compression;

    EdgeResponse(ServerRequest req, ServerResponse res, Compression compression) {
        super(res);
        this.req = req;
        this.compression = compression;
    }

    @Override
    protected ServerResponse streamTarget() {
        return res;
    }

    /** The compression settings of the edge {@code res} is, or null if it is not one. */
    static @Nullable Compression compressionOf(ServerResponse res) {
        return res instanceof EdgeResponse edge ? edge.compression : null;
    }

    /** Sends {@code body} as it is, bypassing compression (already decided by the caller). */
    static void sendAsIs(ServerResponse res, byte[] body) {
        if (res instanceof EdgeResponse edge) {
            edge.res.send(body);
        } else {
            res.send(body);
        }
    }

    @Override
    public void send(byte[] bytes) {
        send(bytes, 0, bytes.length);
    }

    @Override
    public void send(byte[] bytes, int position, int length) {
        if (!compression.applies(res, length) || isNoBodyStatus(res.status())) {
            res.send(bytes, position, length);
            return;
        }
        Compression.vary(res);
        byte[] gzipped = Compression.accepted(req) ? compression.gzip(bytes, position, length) : null;
        if (gzipped == null) {
            res.send(bytes, position, length);
            return;
        }
        res.headers().remove(HeaderNames.CONTENT_LENGTH);
        res.header(Compression.GZIP);
        compression.sent(length, gzipped.length);
        res.send(gzipped);
    }

    private static boolean isNoBodyStatus(Status status) {
        int code = status.code();
        return code == 204 || code == 304 || code < 200;
    }

    @Override
    public void send(Object entity) {
        if (entity instanceof byte[] bytes) {
            send(bytes);
        } else {
            res.send(entity);
        }
    }

    @Override
    public ServerResponse status(Status status) {
        res.status(status);
        return this;
    }

    @Override
    public Status status() {
        return res.status();
    }

    @Override
    public ServerResponse header(Header header) {
        res.header(header);
        return this;
    }

    @Override
    public void send() {
        res.send();
    }

    @Override
    public boolean isSent() {
        return res.isSent();
    }

    @Override
    public ServerResponseHeaders headers() {
        return res.headers();
    }

    @Override
    public <T extends Sink<?>> T sink(GenericType<T> sinkType) {
        try {
            return res.sink(sinkType);
        } catch (UnsupportedOperationException e) {
            // Helidon's HTTP/2 response has no sinks (Server-Sent Events)
            throw new ProblemException(Problem.of(
                    505,
                    "http-version-not-supported",
                    "HTTP version not supported",
                    "this stream is served over HTTP/1.1 only; connect without HTTP/2"));
        }
    }
}
