package dev.helix.gateway.provider.http;

import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * One response from an upstream: status, header fields and a body to read once. {@link #close()} gives the
 * connection back to its pool when the body was read to its end and the server keeps connections alive, and closes
 * it otherwise; it may be called from another thread to stop a read in progress.
 */
public final class UpstreamResponse implements AutoCloseable {
    private final UpstreamClient client;
    private final int status;
    private final List<String> fields;
    private final ResponseBody body;
    private final boolean keepAlive;
    private final AtomicBoolean closed = new AtomicBoolean();

    UpstreamResponse(UpstreamClient client, int status, List<String> fields, ResponseBody body, boolean keepAlive) {
        this.client = client;
        this.status = status;
        this.fields = fields;
        this.body = body;
        this.keepAlive = keepAlive;
    }

    public int status() {
        return status;
    }

    /** The first value of header {@code name} (any case), trimmed. */
    public Optional<String> header(String name) {
        return Optional.ofNullable(first(fields, name));
    }

    /** The first value of {@code name} (any case) in header fields listed as name, value, name, value…; or null. */
    static @Nullable String first(List<String> fields, String name) {
        for (int i = 0; i < fields.size(); i += 2) {
            if (fields.get(i).equalsIgnoreCase(name)) {
                return fields.get(i + 1);
            }
        }
        return null;
    }

    /** The declared body length, if the body is framed by {@code Content-Length}. */
    public OptionalLong contentLength() {
        long length = body.declaredLength();
        return length < 0 ? OptionalLong.empty() : OptionalLong.of(length);
    }

    /** The media type of the body, lower case and without parameters ("" when the response names none). */
    public String mediaType() {
        String type = header("content-type").orElse("");
        int end = type.indexOf(';');
        return (end < 0 ? type : type.substring(0, end)).strip().toLowerCase(Locale.ROOT);
    }

    /** The body; read it once. */
    public InputStream body() {
        return body;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (keepAlive && body.complete() && !body.connection.hasUnreadBytes()) {
            client.release(body.connection);
        } else {
            body.connection.close();
        }
    }
}
