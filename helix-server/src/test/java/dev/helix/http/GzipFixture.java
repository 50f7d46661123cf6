package dev.helix.http;

/**
 * The HTTP edge's gzip ({@code Gzip}, pooled {@code Deflater}s) for the benchmarks, which reach it through
 * helix-server's test jar.
 */
public final class GzipFixture {
    private final Gzip gzip;

    /** A compressor at {@code level} (1 to 9; the edge's default is 6). */
    public GzipFixture(int level) {
        this.gzip = new Gzip(level);
    }

    /** {@code body} compressed, with gzip's header and trailer. */
    public byte[] compress(byte[] body) {
        return gzip.compress(body, 0, body.length);
    }
}
