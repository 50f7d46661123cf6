package dev.helix.gateway.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.helix.gateway.config.DeploymentConfig;
import dev.helix.gateway.config.ProviderConfig;
import dev.helix.gateway.provider.CallWatch;
import dev.helix.gateway.provider.ChunkStream;
import dev.helix.gateway.provider.Provider;
import dev.helix.gateway.provider.TranslatedChunkStream;
import dev.helix.gateway.provider.UnsupportedRequestException;
import dev.helix.gateway.provider.UpstreamAnswer;
import dev.helix.gateway.provider.UpstreamCall;
import dev.helix.gateway.provider.UpstreamException;
import dev.helix.gateway.provider.UpstreamHttp;
import dev.helix.gateway.provider.Usage;
import dev.helix.gateway.provider.http.UpstreamResponse;
import dev.helix.internal.Json;
import java.net.URI;
import java.util.Map;

/** The {@code anthropic} kind: the Messages API, with requests, answers and streams translated from and to OpenAI's. */
public final class AnthropicProvider implements Provider {
    /** The API version Helix speaks. */
    static final String VERSION = "2023-06-01";

    private final UpstreamHttp http;
    private final URI messages;
    private final URI models;

    public AnthropicProvider(ProviderConfig config) {
        this.http = new UpstreamHttp(
                config,
                Map.of("x-api-key", config.apiKey(), "anthropic-version", VERSION),
                AnthropicFormat::errorMessage);
        this.messages = http.uri("/messages");
        this.models = http.uri("/models");
    }

    @Override
    public ProviderConfig config() {
        return http.config();
    }

    @Override
    public UpstreamAnswer chat(UpstreamCall call) {
        UpstreamResponse response = http.post(messages, request(call, false), call.watch());
        JsonNode answer = http.parse(http.readAll(response, call.watch()));
        if (!answer.path("content").isArray()) {
            throw UpstreamException.of(
                    UpstreamException.Kind.BAD_RESPONSE,
                    "provider " + config().id() + " answered a JSON object without 'content'");
        }
        ObjectNode completion = http.translate(() -> AnthropicFormat.toChatCompletion(answer, call.clientModel()));
        return new UpstreamAnswer(Json.bytes(completion), Usage.from(completion.get("usage")));
    }

    @Override
    public ChunkStream stream(UpstreamCall call) {
        UpstreamResponse response = http.post(messages, request(call, true), call.watch());
        return new TranslatedChunkStream(
                http, response, call.watch(), new AnthropicStream(call.clientModel(), call.includeUsage()));
    }

    @Override
    public UpstreamAnswer embeddings(ObjectNode request, DeploymentConfig deployment, CallWatch watch) {
        throw new UnsupportedOperationException("Anthropic has no embeddings API");
    }

    @Override
    public void probe(CallWatch watch) {
        http.get(models, watch).close();
    }

    private static byte[] request(UpstreamCall call, boolean stream) {
        try {
            return Json.bytes(AnthropicFormat.toMessagesRequest(
                    call.request(), call.deployment().model(), stream));
        } catch (IllegalArgumentException e) {
            throw new UnsupportedRequestException(e.getMessage());
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
