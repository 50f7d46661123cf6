package dev.helix.gateway.provider;

/**
 * A streamed answer, as OpenAI {@code chat.completion.chunk} JSON payloads (what follows {@code data: }).
 * Opening it has already checked the upstream status; reading may still fail with {@link UpstreamException}
 * ({@link UpstreamException.Kind#CUT} when the stream ends without its proper end).
 */
public interface ChunkStream extends AutoCloseable {
    /** The next chunk's JSON bytes, or null after the upstream ended the stream properly. */
    byte[] next();

    /** Tokens used, known once the stream has ended; {@link Usage#NONE} if the provider did not say. */
    Usage usage();

    /** Closes the upstream connection (used when the client goes away or a timeout fires). */
    @Override
    void close();
}
