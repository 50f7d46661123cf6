package dev.helix.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The few calls the cluster tools make to one Helix node with an admin key: state patches, agent messages (post,
 * take, acknowledge) and pages of the event log. Every call has a timeout, so a killed node fails a call quickly
 * instead of hanging it.
 */
final class NodeClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final URI base;
    private final String key;
    private final HttpClient http;

    NodeClient(URI base, String key, HttpClient http) {
        this.base = base;
        this.key = key;
        this.http = http;
    }

    /** A client for HTTP/1.1 on loopback that connects within a second. */
    static HttpClient newHttpClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(1))
                .build();
    }

    URI base() {
        return base;
    }

    String key() {
        return key;
    }

    /** Merge-patches the state with {@code If-Match: *}; answers the status and the ETag (the new version). */
    HttpResponse<String> patchState(String mergePatch) throws IOException, InterruptedException {
        return send(request("/api/v1/state")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(mergePatch))
                .header("Content-Type", "application/merge-patch+json")
                .header("If-Match", "*"));
    }

    /** The version of the state this node serves now (its ETag). */
    long stateVersion() throws IOException, InterruptedException {
        HttpResponse<String> res = send(request("/api/v1/state").GET());
        return Long.parseLong(res.headers().firstValue("ETag").orElse("-1").replace("\"", ""));
    }

    /** Posts a normal-priority message of type {@code type} to {@code agent}'s mailbox. */
    HttpResponse<String> postMessage(String agent, String type, String data) throws IOException, InterruptedException {
        String body = "{\"type\":\"" + type + "\",\"data\":" + data + "}";
        return send(request("/api/v1/agents/" + agent + "/messages")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json"));
    }

    /** Takes up to {@code max} messages of {@code agent}, waiting up to {@code waitSeconds} for the first. */
    JsonNode takeMessages(String agent, int max, int waitSeconds) throws IOException, InterruptedException {
        HttpResponse<String> res =
                send(request("/api/v1/agents/" + agent + "/messages?wait=" + waitSeconds + "s&max=" + max)
                        .timeout(TIMEOUT.plusSeconds(waitSeconds))
                        .GET());
        return json(res, 200).path("data");
    }

    /** Acknowledges message {@code id} of {@code agent}. */
    void ack(String agent, String id) throws IOException, InterruptedException {
        HttpResponse<String> res = send(request("/api/v1/agents/" + agent + "/messages/" + id + "/ack")
                .POST(HttpRequest.BodyPublishers.noBody()));
        if (res.statusCode() != 204) {
            throw new IOException("ack of " + id + " answered " + res.statusCode() + ": " + res.body());
        }
    }

    /** One page of the event log after id {@code after}, of the given types. */
    JsonNode eventLog(String after, String types, int limit) throws IOException, InterruptedException {
        String query =
                "?after=" + after + "&types=" + URLEncoder.encode(types, StandardCharsets.UTF_8) + "&limit=" + limit;
        return json(send(request("/api/v1/event-log" + query).GET()), 200);
    }

    static JsonNode json(HttpResponse<String> res, int expected) throws IOException {
        if (res.statusCode() != expected) {
            throw new IOException(res.request().uri() + " answered " + res.statusCode() + ": " + res.body());
        }
        return JSON.readTree(res.body());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path))
                .header("Authorization", "Bearer " + key)
                .timeout(TIMEOUT);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
