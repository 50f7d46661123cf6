package dev.helix.http;

import dev.helix.config.HelixConfig;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Response compression at the HTTP edge: gzip for bodies of at least {@code server.compressionMinSize} bytes whose
 * type is text-like, when the request's {@code Accept-Encoding} allows it; never for event streams. Compressible
 * responses say {@code Vary: Accept-Encoding} whether compressed or not.
 */
final class Compression {
    /** Counter: response bodies sent gzip-compressed. */
    public static final String COMPRESSED = "helix.http.compressed";
    /** Counter: bytes saved by compressing response bodies. */
    public static final String SAVED = "helix.http.compression.saved";

    static final Header GZIP = HeaderValues.createCached(HeaderNames.CONTENT_ENCODING, "gzip");
    private static final String ACCEPT_ENCODING = "Accept-Encoding";

    private final boolean enabled;
    private final long minSize;
    private final Gzip gzip;
    private final Counter compressed;
    private final Counter saved;

    Compression(HelixConfig.Server config, MeterRegistry registry) {
        this.enabled = config.compression() == HelixConfig.Server.Compression.GZIP;
        this.minSize = config.compressionMinSize();
        this.gzip = new Gzip(config.compressionLevel());
        this.compressed = Counter.builder(COMPRESSED)
                .description("Response bodies sent gzip-compressed")
                .register(registry);
        this.saved = Counter.builder(SAVED)
                .baseUnit("bytes")
                .description("Bytes saved by compressing response bodies")
                .register(registry);
    }

    /** Whether a body of {@code length} bytes with {@code res}'s content type may be compressed. */
    boolean applies(ServerResponse res, int length) {
        return enabled
                && length >= minSize
                && !res.headers().contains(HeaderNames.CONTENT_ENCODING)
                && compressible(res.headers().first(HeaderNames.CONTENT_TYPE).orElse(null));
    }

    /** Whether a body of {@code length} bytes of {@code contentType} may be compressed. */
    boolean applies(@Nullable String contentType, int length) {
        return enabled && length >= minSize && compressible(contentType);
    }

    /** Text-like media types; never {@code text/event-stream}, whose events must reach the client at once. */
    static boolean compressible(@Nullable String contentType) {
        if (contentType == null) {
            return false;
        }
        String t = contentType.toLowerCase(Locale.ROOT);
        int semi = t.indexOf(';');
        String type = (semi < 0 ? t : t.substring(0, semi)).trim();
        if (type.equals("text/event-stream")) {
            return false;
        }
        return type.startsWith("text/")
                || type.equals("application/json")
                || type.endsWith("+json")
                || type.equals("application/xml")
                || type.endsWith("+xml")
                || type.equals("application/javascript");
    }

    /** {@code body} gzip-compressed, or null when that would not make it smaller. */
    byte @Nullable [] gzip(byte[] body, int off, int len) {
        byte[] out = gzip.compress(body, off, len);
        return out.length < len ? out : null;
    }

    /** Counts one body of {@code original} bytes compressed to {@code sentBytes}. */
    void sent(int original, int sentBytes) {
        compressed.increment();
        saved.increment(original - sentBytes);
    }

    /** Adds {@code Accept-Encoding} to the response's {@code Vary} unless it is there. */
    static void vary(ServerResponse res) {
        List<String> vary = res.headers().all(HeaderNames.VARY, List::of);
        String joined = vary.isEmpty() ? null : String.join(", ", vary);
        String wanted = varyWith(joined);
        if (!wanted.equals(joined)) {
            res.header(HeaderNames.VARY, wanted);
        }
    }

    /** A {@code Vary} value that has {@code existing} (null for none) and {@code Accept-Encoding}. */
    static String varyWith(@Nullable String existing) {
        if (existing == null || existing.isBlank()) {
            return ACCEPT_ENCODING;
        }
        String lower = existing.toLowerCase(Locale.ROOT);
        return lower.contains("accept-encoding") || lower.trim().equals("*")
                ? existing
                : existing + ", " + ACCEPT_ENCODING;
    }

    /** Whether {@code req} may get the gzip form. */
    static boolean accepted(ServerRequest req) {
        return AcceptEncoding.gzip(req);
    }
}
