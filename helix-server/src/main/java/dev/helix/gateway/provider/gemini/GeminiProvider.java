package dev.helix.gateway.provider.gemini;

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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The {@code gemini} kind: {@code generateContent}, {@code streamGenerateContent} (SSE) and
 * {@code batchEmbedContents}, translated from and to OpenAI's shapes.
 */
public final class GeminiProvider implements Provider {
    private final UpstreamHttp http;
    private final URI models;

    public GeminiProvider(ProviderConfig config) {
        this.http = new UpstreamHttp(config, Map.of("x-goog-api-key", config.apiKey()), GeminiFormat::errorMessage);
        this.models = http.uri("/models");
    }

    @Override
    public ProviderConfig config() {
        return http.config();
    }

    @Override
    public UpstreamAnswer chat(UpstreamCall call) {
        UpstreamResponse response = http.post(uri(call.deployment(), ":generateContent"), request(call), call.watch());
        JsonNode answer = http.parse(http.readAll(response, call.watch()));
        if (!answer.has("candidates") && !answer.has("promptFeedback")) {
            throw UpstreamException.of(
                    UpstreamException.Kind.BAD_RESPONSE,
                    "provider " + config().id() + " answered a JSON object without 'candidates'");
        }
        ObjectNode completion = http.translate(() -> GeminiFormat.toChatCompletion(answer, call.clientModel()));
        return new UpstreamAnswer(Json.bytes(completion), Usage.from(completion.get("usage")));
    }

    @Override
    public ChunkStream stream(UpstreamCall call) {
        UpstreamResponse response =
                http.post(uri(call.deployment(), ":streamGenerateContent?alt=sse"), request(call), call.watch());
        return new TranslatedChunkStream(
                http, response, call.watch(), new GeminiStream(call.clientModel(), call.includeUsage()));
    }

    @Override
    public UpstreamAnswer embeddings(ObjectNode request, DeploymentConfig deployment, CallWatch watch) {
        byte[] body;
        try {
            body = Json.bytes(GeminiFormat.toBatchEmbedRequest(request, deployment.model()));
        } catch (IllegalArgumentException e) {
            throw new UnsupportedRequestException(e.getMessage());
        }
        UpstreamResponse response = http.post(uri(deployment, ":batchEmbedContents"), body, watch);
        JsonNode answer = http.parse(http.readAll(response, watch));
        long tokens = Math.max(1, request.path("input").toString().length() / 4);
        ObjectNode openAi = http.translate(() -> GeminiFormat.toEmbeddingsResponse(
                answer, request.path("model").asText(), tokens, GeminiFormat.encodingFormat(request)));
        return new UpstreamAnswer(Json.bytes(openAi), Usage.from(openAi.get("usage")));
    }

    @Override
    public void probe(CallWatch watch) {
        http.get(models, watch).close();
    }

    private URI uri(DeploymentConfig deployment, String method) {
        return http.uri("/models/" + URLEncoder.encode(deployment.model(), StandardCharsets.UTF_8) + method);
    }

    private static byte[] request(UpstreamCall call) {
        try {
            return Json.bytes(GeminiFormat.toGenerateContentRequest(call.request()));
        } catch (IllegalArgumentException e) {
            throw new UnsupportedRequestException(e.getMessage());
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
