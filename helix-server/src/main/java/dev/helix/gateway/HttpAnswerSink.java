package dev.helix.gateway;

import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Writes gateway answers to a Helidon response: JSON, or server-sent events flushed one by one. */
final class HttpAnswerSink implements AnswerSink {
    private static final Header JSON = HeaderValues.createCached(HeaderNames.CONTENT_TYPE, "application/json");
    private static final Header EVENT_STREAM =
            HeaderValues.createCached(HeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
    private static final Header NO_CACHE = HeaderValues.createCached(HeaderNames.CACHE_CONTROL, "no-cache");
    private static final Header NO_BUFFERING = HeaderValues.createCached(HeaderNames.create("X-Accel-Buffering"), "no");
    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

    private final ServerResponse res;
    private @Nullable OutputStream out;

    HttpAnswerSink(ServerResponse res) {
        this.res = res;
    }

    @Override
    public void complete(Map<String, String> headers, byte[] json) {
        headers.forEach(res::header);
        res.header(JSON);
        res.send(json);
    }

    @Override
    public void open(Map<String, String> headers) {
        headers.forEach(res::header);
        res.header(EVENT_STREAM);
        res.header(NO_CACHE);
        res.header(NO_BUFFERING);
        out = res.outputStream();
    }

    @Override
    public void chunk(byte[] json) {
        OutputStream out = stream();
        try {
            out.write(DATA);
            out.write(json);
            out.write(END);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void comment(String text) {
        write((": " + text + "\n\n").getBytes(StandardCharsets.UTF_8), false);
    }

    @Override
    public void done() {
        write(DONE, true);
    }

    private void write(byte[] bytes, boolean close) {
        OutputStream out = stream();
        try {
            out.write(bytes);
            if (close) {
                out.close();
            } else {
                out.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private OutputStream stream() {
        return Objects.requireNonNull(out, "the event stream is not open");
    }
}
