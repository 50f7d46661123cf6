package dev.helix.gateway.provider;

import org.jspecify.annotations.Nullable;

/**
 * A streamed answer, as OpenAI {@code chat.completion.chunk} JSON payloads (what follows {@code data: }).
 * Opening it has already checked the upstream status; reading may still fail with {@link UpstreamException}
 * ({@link UpstreamException.Kind#CUT} when the stream ends without its proper end).
 */
public interface ChunkStream extends AutoCloseable {
    /** The next chunk's JSON bytes, or null after the upstream ended the stream properly. */
    byte @Nullable [] next();

    /** Tokens used, known once the stream has ended; {@link Usage#NONE} if the provider did not say. */
    Usage usage();

    /**
     * Releases the upstream response. After the stream ended properly, what is left of the body (normally only the
     * end of its chunked encoding) is read first so the connection goes back to the pool; otherwise, or if that tail
     * is not short, the connection is closed. Safe to call more than once.
     */
    @Override
    void close();
}
