package dev.helix.gateway.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.helix.gateway.config.DeploymentConfig;
import dev.helix.gateway.config.ProviderConfig;
import dev.helix.gateway.provider.CallWatch;
import dev.helix.gateway.provider.ChunkStream;
import dev.helix.gateway.provider.Provider;
import dev.helix.gateway.provider.UpstreamAnswer;
import dev.helix.gateway.provider.UpstreamCall;
import dev.helix.gateway.provider.UpstreamException;
import dev.helix.gateway.provider.UpstreamHttp;
import dev.helix.gateway.provider.Usage;
import dev.helix.gateway.provider.http.UpstreamResponse;
import dev.helix.internal.Json;
import java.net.URI;
import java.util.Map;

/**
 * Any OpenAI-compatible API. Requests go through as the client sent them, with only {@code model} replaced by the
 * deployment's; streamed requests always ask for a final usage chunk (so streams are billed too) and that chunk is
 * passed on only if the client asked for it. Responses go back byte for byte.
 */
public final class OpenAiProvider implements Provider {
    private final UpstreamHttp http;
    private final URI chat;
    private final URI embeddings;
    private final URI models;

    public OpenAiProvider(ProviderConfig config) {
        Map<String, String> credentials =
                config.apiKey().isEmpty() ? Map.of() : Map.of("Authorization", "Bearer " + config.apiKey());
        this.http = new UpstreamHttp(config, credentials, OpenAiProvider::errorMessage);
        this.chat = http.uri("/chat/completions");
        this.embeddings = http.uri("/embeddings");
        this.models = http.uri("/models");
    }

    @Override
    public ProviderConfig config() {
        return http.config();
    }

    @Override
    public UpstreamAnswer chat(UpstreamCall call) {
        UpstreamResponse response = http.post(chat, body(call), call.watch());
        byte[] bytes = http.readAll(response, call.watch());
        JsonNode json = http.parse(bytes);
        if (!json.path("choices").isArray()) {
            throw UpstreamException.of(
                    UpstreamException.Kind.BAD_RESPONSE,
                    "provider " + config().id() + " answered a JSON object without 'choices'");
        }
        return new UpstreamAnswer(bytes, Usage.from(json.get("usage")));
    }

    @Override
    public ChunkStream stream(UpstreamCall call) {
        UpstreamResponse response = http.post(chat, body(call), call.watch());
        String type = response.mediaType();
        if (!type.startsWith("text/event-stream")) {
            response.close();
            throw UpstreamException.of(
                    UpstreamException.Kind.BAD_RESPONSE,
                    "provider " + config().id() + " answered a streamed request with Content-Type '" + type
                            + "' instead of text/event-stream");
        }
        return new OpenAiChunkStream(http, response, call.watch(), call.includeUsage());
    }

    @Override
    public UpstreamAnswer embeddings(ObjectNode request, DeploymentConfig deployment, CallWatch watch) {
        ObjectNode body = request.deepCopy();
        body.put("model", deployment.model());
        UpstreamResponse response = http.post(embeddings, Json.bytes(body), watch);
        byte[] bytes = http.readAll(response, watch);
        JsonNode json = http.parse(bytes);
        if (!json.path("data").isArray()) {
            throw UpstreamException.of(
                    UpstreamException.Kind.BAD_RESPONSE,
                    "provider " + config().id() + " answered an embeddings request without 'data'");
        }
        return new UpstreamAnswer(bytes, Usage.from(json.get("usage")));
    }

    @Override
    public void probe(CallWatch watch) {
        http.get(models, watch).close();
    }

    private static byte[] body(UpstreamCall call) {
        ObjectNode request = call.request();
        ObjectNode body = request.objectNode();
        body.setAll(request);
        body.put("model", call.deployment().model());
        if (call.stream()) {
            ObjectNode options = body.putObject("stream_options");
            JsonNode asked = request.get("stream_options");
            if (asked != null && asked.isObject()) {
                options.setAll((ObjectNode) asked);
            }
            options.put("include_usage", true);
        }
        return Json.bytes(body);
    }

    static String errorMessage(JsonNode body) {
        JsonNode error = body.path("error");
        if (error.isObject()) {
            return error.path("message").asText(null);
        }
        return error.isTextual() ? error.asText() : body.path("message").asText(null);
    }

    @Override
    public void close() {
        http.close();
    }
}
