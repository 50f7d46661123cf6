package dev.helix.gateway.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.gateway.provider.CallWatch;
import dev.helix.gateway.provider.ChunkStream;
import dev.helix.gateway.provider.SseReader;
import dev.helix.gateway.provider.UpstreamException;
import dev.helix.gateway.provider.UpstreamHttp;
import dev.helix.gateway.provider.Usage;
import dev.helix.gateway.provider.http.UpstreamResponse;
import dev.helix.internal.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * An OpenAI-compatible stream passed through chunk by chunk. Only the chunk that carries {@code usage} is parsed
 * (found by a byte scan); an error object in the stream or an end without {@code [DONE]} fails the stream.
 */
final class OpenAiChunkStream implements ChunkStream {
    private static final byte[] DONE = "[DONE]".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] USAGE = "\"usage\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ERROR = "\"error\"".getBytes(StandardCharsets.US_ASCII);

    /** Bytes read after {@code [DONE]} to reach the end of the body; a longer tail closes the connection. */
    private static final int MAX_TAIL = 4096;

    private final UpstreamHttp http;
    private final UpstreamResponse response;
    private final SseReader reader;
    private final CallWatch watch;
    private final boolean forwardUsage;
    private Usage usage = Usage.NONE;
    private boolean ended;
    private boolean closed;

    OpenAiChunkStream(UpstreamHttp http, UpstreamResponse response, CallWatch watch, boolean forwardUsage) {
        this.http = http;
        this.response = response;
        this.reader = new SseReader(response.body(), watch::touch);
        this.watch = watch;
        this.forwardUsage = forwardUsage;
    }

    @Override
    public byte @Nullable [] next() {
        while (!ended) {
            SseReader.Event event = read();
            if (event == null) {
                throw UpstreamException.of(
                        UpstreamException.Kind.CUT,
                        "provider " + http.config().id() + " ended the stream without [DONE]");
            }
            watch.touch();
            byte[] data = event.data();
            if (java.util.Arrays.equals(data, DONE)) {
                ended = true;
                return null;
            }
            if (startsWithError(data)) {
                throw UpstreamException.of(
                        UpstreamException.Kind.CUT,
                        "provider " + http.config().id() + " sent an error in the stream: " + errorText(data));
            }
            if (carriesUsage(data) && !keep(data)) {
                continue;
            }
            return data;
        }
        return null;
    }

    private SseReader.@Nullable Event read() {
        try {
            return reader.next();
        } catch (IOException | RuntimeException e) {
            throw http.failure(e, watch, true);
        }
    }

    /** Records the usage of a chunk that has it; says whether the client gets the chunk. */
    private boolean keep(byte[] data) {
        JsonNode chunk;
        try {
            chunk = Json.mapper().readTree(data);
        } catch (IOException e) {
            throw UpstreamException.of(
                    UpstreamException.Kind.BAD_RESPONSE,
                    "provider " + http.config().id() + " sent a stream chunk that is not JSON");
        }
        usage = Usage.from(chunk.get("usage"));
        boolean usageOnly =
                chunk.path("choices").isArray() && chunk.path("choices").isEmpty();
        return forwardUsage || !usageOnly;
    }

    private static boolean carriesUsage(byte[] data) {
        int at = indexOf(data, USAGE, 0);
        if (at < 0) {
            return false;
        }
        for (int i = at + USAGE.length; i < data.length; i++) {
            byte b = data[i];
            if (b != ' ' && b != ':' && b != '\t') {
                return b == '{';
            }
        }
        return false;
    }

    private static boolean startsWithError(byte[] data) {
        int at = indexOf(data, ERROR, 0);
        return at >= 0 && at < 4;
    }

    private static String errorText(byte[] data) {
        try {
            return OpenAiProvider.errorMessage(Json.mapper().readTree(data));
        } catch (IOException e) {
            return "(unreadable)";
        }
    }

    static int indexOf(byte[] data, byte[] what, int from) {
        outer:
        for (int i = from; i <= data.length - what.length; i++) {
            for (int j = 0; j < what.length; j++) {
                if (data[i + j] != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Override
    public Usage usage() {
        return usage;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (ended) {
            try {
                reader.skipRest(MAX_TAIL);
            } catch (IOException | RuntimeException e) {
                // the connection is not reused; closing the response below closes it
            }
        }
        response.close();
    }
}
