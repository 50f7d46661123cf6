package dev.helix.gateway.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.helix.internal.Json;
import io.helidon.webclient.api.HttpClientResponse;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.List;

/**
 * A provider's event stream translated into OpenAI chunks: each upstream event gives zero or more chunks, which are
 * handed out one by one. An end of the upstream stream before the provider's own end marker is a cut.
 */
public abstract class TranslatedChunkStream implements ChunkStream {
    private final UpstreamHttp http;
    private final HttpClientResponse response;
    private final SseReader reader;
    private final CallWatch watch;
    private final ArrayDeque<ObjectNode> pending = new ArrayDeque<>();
    private boolean ended;

    protected TranslatedChunkStream(UpstreamHttp http, HttpClientResponse response, CallWatch watch) {
        this.http = http;
        this.response = response;
        this.reader = new SseReader(response.inputStream());
        this.watch = watch;
    }

    /** The chunks one upstream event (name may be null) with JSON {@code data} gives. */
    protected abstract List<ObjectNode> translate(String event, JsonNode data);

    /** Whether the provider marked the end of its answer. */
    protected abstract boolean finished();

    /** Chunks to send after the upstream ended properly (e.g. a final usage chunk). */
    protected abstract List<ObjectNode> atEnd();

    @Override
    public final byte[] next() {
        while (pending.isEmpty()) {
            if (ended) {
                return null;
            }
            SseReader.Event event = read();
            if (event == null) {
                if (!finished()) {
                    throw UpstreamException.of(UpstreamException.Kind.CUT, "provider " + http.config().id()
                            + " ended the stream before its end marker");
                }
                ended = true;
                pending.addAll(atEnd());
                continue;
            }
            watch.touch();
            try {
                pending.addAll(translate(event.name(), parse(event)));
            } catch (IllegalArgumentException e) {
                throw UpstreamException.of(UpstreamException.Kind.BAD_RESPONSE, "provider " + providerId()
                        + " sent a stream event that cannot be read: " + e.getMessage());
            }
        }
        return Json.bytes(pending.poll());
    }

    private SseReader.Event read() {
        try {
            return reader.next();
        } catch (IOException | RuntimeException e) {
            throw http.failure(e, watch, true);
        }
    }

    private JsonNode parse(SseReader.Event event) {
        try {
            return Json.mapper().readTree(event.data());
        } catch (IOException e) {
            throw UpstreamException.of(UpstreamException.Kind.BAD_RESPONSE, "provider " + http.config().id()
                    + " sent a stream event that is not JSON");
        }
    }

    /** The provider's name, for messages. */
    protected final String providerId() {
        return http.config().id();
    }

    @Override
    public final void close() {
        response.close();
    }
}
