package dev.helix.testkit;

import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Writes a {@link Reply} to the client, or the {@link Fault} that replaces or spoils it.
 *
 * <p>Implementation notes: a connection is closed abruptly by throwing {@link CloseConnectionException} from the
 * handler: Helidon lets it pass its error handlers and closes the socket without writing anything more, so a
 * half-sent body or an unfinished chunked stream stays unfinished. A failed write (the client left) is turned into
 * the same exception, so Helidon neither logs it nor tries to send an error after a committed response.
 */
final class Sender {
    private static final byte[] HTML = ("<html><head><title>Service Unavailable</title></head><body><h1>Service "
                    + "Unavailable</h1><p>The mock provider answered with a web page, as scripted.</p></body></html>\n")
            .getBytes(StandardCharsets.UTF_8);
    private static final byte[] GARBAGE = concat(
            "<<not json>> \u0000\u0001 {{\"choices\":".getBytes(StandardCharsets.UTF_8),
            new byte[] {(byte) 0xff, (byte) 0xfe, 0x7f});
    private static final byte[] NOTHING = new byte[0];
    private static final Header NO_CACHE = HeaderValues.createCached(HeaderNames.CACHE_CONTROL, "no-cache");
    private static final Header HTML_TYPE =
            HeaderValues.createCached(HeaderNames.CONTENT_TYPE, "text/html; charset=utf-8");

    private final Hangs hangs;

    Sender(Hangs hangs) {
        this.hangs = hangs;
    }

    /**
     * Sends {@code reply}, or plays {@code fault} (when not null) in its place; {@code spacing} apart go a stream's
     * events, and the {@code pieces} of a body a slow fault sends.
     */
    void send(ServerResponse res, Reply reply, @Nullable Fault fault, Dialect dialect, Duration spacing, int pieces) {
        if (fault == null) {
            write(res, reply, spacing);
            return;
        }
        switch (fault.kind()) {
            case STATUS -> status(res, fault, dialect);
            case HTML -> body(res, 200, HTML_TYPE, HTML);
            case GARBAGE -> body(res, 200, HeaderValues.CONTENT_TYPE_JSON, GARBAGE);
            case EMPTY -> body(res, 200, reply.contentType(), NOTHING);
            case TRUNCATED -> truncated(res, reply, spacing);
            case CUT -> cut(res, reply, spacing);
            case SLOW -> slow(res, reply, spacing, pieces);
            case HANG -> {
                hangs.hang();
                throw new CloseConnectionException("mock LLM: hang released");
            }
            case RESET -> throw new CloseConnectionException("mock LLM: reset as scripted");
        }
    }

    private static void write(ServerResponse res, Reply reply, Duration spacing) {
        switch (reply) {
            case Reply.Body b -> body(res, b.status(), b.contentType(), b.bytes());
            case Reply.Stream s -> {
                OutputStream out = open(res, s);
                emit(out, s.events(), s.events().size(), spacing);
                finish(out);
            }
        }
    }

    private static void status(ServerResponse res, Fault fault, Dialect dialect) {
        if (fault.retryAfter() != null) {
            res.header(HeaderNames.RETRY_AFTER, Long.toString(fault.retryAfterSeconds()));
        }
        body(res, fault.status(), HeaderValues.CONTENT_TYPE_JSON, dialect.scriptedError(fault.status()));
    }

    private static void truncated(ServerResponse res, Reply reply, Duration spacing) {
        switch (reply) {
            case Reply.Body b -> body(res, b.status(), b.contentType(), Arrays.copyOf(b.bytes(), b.bytes().length / 2));
            case Reply.Stream s -> {
                OutputStream out = open(res, s);
                int kept = kept(s);
                emit(out, s.events(), kept, spacing);
                pause(spacing);
                byte[] next = s.events().get(kept);
                emit(out, List.of(Arrays.copyOf(next, next.length / 2)), 1, Duration.ZERO);
                finish(out);
            }
        }
    }

    /** Starts a whole body's answer: its status, content type and full length. */
    private static OutputStream openBody(ServerResponse res, Reply.Body b) {
        res.status(b.status());
        res.header(b.contentType());
        res.contentLength(b.bytes().length);
        return res.outputStream();
    }

    private static void cut(ServerResponse res, Reply reply, Duration spacing) {
        switch (reply) {
            case Reply.Body b ->
                emit(openBody(res, b), List.of(Arrays.copyOf(b.bytes(), b.bytes().length / 2)), 1, Duration.ZERO);
            case Reply.Stream s -> emit(open(res, s), s.events(), kept(s), spacing);
        }
        throw new CloseConnectionException("mock LLM: connection cut as scripted");
    }

    private static void slow(ServerResponse res, Reply reply, Duration spacing, int pieces) {
        switch (reply) {
            case Reply.Body b -> {
                OutputStream out = openBody(res, b);
                List<byte[]> parts = split(b.bytes(), pieces);
                emit(out, parts, parts.size(), spacing);
                finish(out);
            }
            case Reply.Stream s -> write(res, s, spacing);
        }
    }

    /** {@code bytes} in at most {@code pieces} parts of the same size (the last one may be shorter). */
    private static List<byte[]> split(byte[] bytes, int pieces) {
        int size = Math.max(1, (bytes.length + pieces - 1) / pieces);
        List<byte[]> parts = new ArrayList<>();
        for (int from = 0; from < bytes.length; from += size) {
            parts.add(Arrays.copyOfRange(bytes, from, Math.min(bytes.length, from + size)));
        }
        return parts;
    }

    /** How many whole events a cut or truncated stream sends: two, but always fewer than all. */
    private static int kept(Reply.Stream s) {
        return Math.min(2, s.events().size() - 1);
    }

    private static void body(ServerResponse res, int status, Header contentType, byte[] bytes) {
        res.status(status);
        res.header(contentType);
        res.send(bytes);
    }

    private static OutputStream open(ServerResponse res, Reply.Stream s) {
        res.header(s.contentType());
        res.header(NO_CACHE);
        return res.outputStream();
    }

    /** Writes the first {@code count} of {@code events}, flushing each, {@code spacing} apart. */
    private static void emit(OutputStream out, List<byte[]> events, int count, Duration spacing) {
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                pause(spacing);
            }
            try {
                out.write(events.get(i));
                out.flush();
            } catch (IOException | RuntimeException e) {
                throw new CloseConnectionException("mock LLM: the client went away", e);
            }
        }
    }

    private static void finish(OutputStream out) {
        try {
            out.close();
        } catch (IOException | RuntimeException e) {
            throw new CloseConnectionException("mock LLM: the client went away", e);
        }
    }

    static void pause(Duration pause) {
        if (pause.isZero()) {
            return;
        }
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CloseConnectionException("mock LLM: interrupted", e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
