package dev.helix.gateway.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.helix.gateway.provider.http.UpstreamResponse;
import dev.helix.internal.Json;
import java.io.IOException;
import java.util.ArrayDeque;
import org.jspecify.annotations.Nullable;

/**
 * A provider's event stream translated into OpenAI chunks by a {@link StreamTranslator}: each upstream event gives
 * zero or more chunks, which are handed out one by one. An end of the upstream stream before the provider's own end
 * marker, or an error event inside it, is a cut.
 */
public final class TranslatedChunkStream implements ChunkStream {
    private final UpstreamHttp http;
    private final UpstreamResponse response;
    private final SseReader reader;
    private final CallWatch watch;
    private final StreamTranslator translator;
    private final ArrayDeque<ObjectNode> pending = new ArrayDeque<>();
    private boolean ended;

    public TranslatedChunkStream(
            UpstreamHttp http, UpstreamResponse response, CallWatch watch, StreamTranslator translator) {
        this.http = http;
        this.response = response;
        this.reader = new SseReader(response.body(), watch::touch);
        this.watch = watch;
        this.translator = translator;
    }

    @Override
    public byte @Nullable [] next() {
        while (pending.isEmpty()) {
            if (ended) {
                return null;
            }
            SseReader.Event event = read();
            if (event == null) {
                if (!translator.finished()) {
                    throw UpstreamException.of(
                            UpstreamException.Kind.CUT,
                            "provider " + http.config().id() + " ended the stream before its end marker");
                }
                ended = true;
                pending.addAll(translator.atEnd());
                continue;
            }
            watch.touch();
            try {
                pending.addAll(translator.accept(event.name(), parse(event)));
            } catch (StreamErrorException e) {
                throw UpstreamException.of(
                        UpstreamException.Kind.CUT,
                        "provider " + http.config().id() + " sent an error in the stream: " + e.getMessage());
            } catch (IllegalArgumentException e) {
                throw UpstreamException.of(
                        UpstreamException.Kind.BAD_RESPONSE,
                        "provider " + http.config().id() + " sent a stream event that cannot be read: "
                                + e.getMessage());
            }
        }
        return Json.bytes(pending.remove());
    }

    private SseReader.@Nullable Event read() {
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
            throw UpstreamException.of(
                    UpstreamException.Kind.BAD_RESPONSE,
                    "provider " + http.config().id() + " sent a stream event that is not JSON");
        }
    }

    @Override
    public Usage usage() {
        return Usage.from(translator.usage());
    }

    @Override
    public void close() {
        response.close();
    }
}
