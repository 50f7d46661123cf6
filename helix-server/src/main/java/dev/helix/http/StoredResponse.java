package dev.helix.http;

import io.helidon.http.Header;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Headers;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A complete 200 response kept in memory to be sent again: its headers, body and strong entity tag, plus the body's
 * gzip form, made the first time a client accepts it and kept, so compression is paid once per body. Sending it
 * answers {@code If-None-Match} with 304 and never re-serialises anything.
 */
public final class StoredResponse {
    /** Headers that describe one transfer, not the representation; never stored. */
    private static final Set<HeaderName> TRANSFER = Set.of(
            HeaderNames.CONTENT_LENGTH,
            HeaderNames.TRANSFER_ENCODING,
            HeaderNames.CONNECTION,
            HeaderNames.DATE,
            RequestFilter.X_REQUEST_ID);

    private static final byte[] NO_GAIN = new byte[0];

    private final Header[] headers;
    private final byte[] body;
    private final String etag;
    private final @Nullable String contentType;
    private final boolean encoded;
    private volatile byte @Nullable [] gzipped;
    private volatile @Nullable Compression decidedFor;
    private boolean compressible;
    private @Nullable Header vary;

    private StoredResponse(List<Header> headers, byte[] body, String etag) {
        this.headers = headers.toArray(Header[]::new);
        this.body = body;
        this.etag = etag;
        String type = null;
        boolean alreadyEncoded = false;
        for (Header h : headers) {
            if (h.headerName().equals(HeaderNames.CONTENT_TYPE)) {
                type = h.get();
            } else if (h.headerName().equals(HeaderNames.CONTENT_ENCODING)) {
                alreadyEncoded = true;
            }
        }
        this.contentType = type;
        this.encoded = alreadyEncoded;
    }

    /**
     * The response made of {@code headers} (minus per-transfer ones and {@code drop}) and {@code body}; its entity
     * tag is the handler's {@code ETag} if it set one, else a strong tag hashed from the body.
     */
    public static StoredResponse of(Headers headers, byte[] body, Set<HeaderName> drop) {
        List<Header> kept = new ArrayList<>();
        String etag = null;
        for (Header h : headers) {
            HeaderName name = h.headerName();
            if (name.equals(HeaderNames.ETAG)) {
                etag = h.get();
            } else if (!TRANSFER.contains(name) && !drop.contains(name)) {
                kept.add(HeaderValues.createCached(name, h.get()));
            }
        }
        if (etag == null) {
            etag = EntityTags.strong(body);
        }
        kept.add(HeaderValues.createCached(HeaderNames.ETAG, etag));
        return new StoredResponse(kept, body, etag);
    }

    /** A response read back from elsewhere (the shared cache): {@code headers} as stored, including its ETag. */
    public static StoredResponse restore(List<Header> headers, byte[] body) {
        String etag = null;
        List<Header> kept = new ArrayList<>(headers.size());
        for (Header h : headers) {
            kept.add(HeaderValues.createCached(h.headerName(), h.get()));
            if (h.headerName().equals(HeaderNames.ETAG)) {
                etag = h.get();
            }
        }
        if (etag == null) {
            etag = EntityTags.strong(body);
            kept.add(HeaderValues.createCached(HeaderNames.ETAG, etag));
        }
        return new StoredResponse(kept, body, etag);
    }

    public List<Header> headers() {
        return List.of(headers);
    }

    /** The uncompressed body; never modify it. */
    public byte[] body() {
        return body;
    }

    /** The quoted entity tag. */
    public String etag() {
        return etag;
    }

    /** Bytes this response may take in memory, counting a compressed form of the body made later. */
    public int weight() {
        int h = 64 * headers.length;
        return h + body.length + (encoded || !Compression.compressible(contentType) ? 0 : body.length / 2);
    }

    /**
     * Sends this response on {@code res} with {@code extra} headers (e.g. {@code Cache-Control}): 304 when
     * {@code If-None-Match} names its tag, the stored gzip form when the client accepts it, else the body.
     */
    public void send(ServerRequest req, ServerResponse res, Header... extra) {
        for (Header h : headers) {
            res.header(h);
        }
        for (Header h : extra) {
            res.header(h);
        }
        Compression compression = EdgeResponse.compressionOf(res);
        boolean compressible = compression != null && compressible(compression);
        if (compressible) {
            res.header(Objects.requireNonNull(vary));
        }
        if (EntityTags.noneMatch(req, etag)) {
            res.status(Status.NOT_MODIFIED_304).send();
            return;
        }
        byte[] gzip = compression != null && compressible && Compression.accepted(req) ? gzipped(compression) : NO_GAIN;
        if (gzip != NO_GAIN) {
            res.header(Compression.GZIP);
            EdgeResponse.sendAsIs(res, gzip);
            return;
        }
        EdgeResponse.sendAsIs(res, body);
    }

    /** Whether the body may be sent compressed by {@code compression}; worked out once, with the Vary to send. */
    private boolean compressible(Compression compression) {
        if (decidedFor != compression) {
            compressible = !encoded && compression.applies(contentType, body.length);
            String existing = null;
            for (Header h : headers) {
                if (h.headerName().equals(HeaderNames.VARY)) {
                    existing = h.get();
                }
            }
            vary = HeaderValues.createCached(HeaderNames.VARY, Compression.varyWith(existing));
            decidedFor = compression;
        }
        return compressible;
    }

    private byte[] gzipped(Compression compression) {
        byte[] g = gzipped;
        if (g == null) {
            byte[] made = compression.gzip(body, 0, body.length);
            if (made != null) {
                compression.sent(body.length, made.length);
            }
            g = made == null ? NO_GAIN : made;
            gzipped = g;
        }
        return g;
    }
}
