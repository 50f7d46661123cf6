package dev.helix.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.internal.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small HTTP client for tests: sends requests to one Helix, with the admin key unless told otherwise. */
public final class HelixClient {
    /** A response with its body parsed as JSON when it is JSON. */
    public record Reply(HttpResponse<String> raw) {
        public int status() {
            return raw.statusCode();
        }

        public String body() {
            return raw.body();
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        public JsonNode json() {
            try {
                return Json.mapper().readTree(raw.body());
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + raw.body(), e);
            }
        }
    }

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String adminKey;

    public HelixClient(String base, String adminKey) {
        this.base = base;
        this.adminKey = adminKey;
    }

    public String base() {
        return base;
    }

    public String adminKey() {
        return adminKey;
    }

    /** GET with the admin key. */
    public Reply get(String path) {
        return send(request(path, adminKey).GET());
    }

    /** GET with {@code key} (null = no Authorization header). */
    public Reply get(String path, String key) {
        return send(request(path, key).GET());
    }

    /** POST JSON with the admin key. */
    public Reply postJson(String path, String json) {
        return postJson(path, json, adminKey);
    }

    /** POST JSON with {@code key}. */
    public Reply postJson(String path, String json, String key) {
        return send(request(path, key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /**
     * Sends {@code method} with a body of {@code contentType} (null = no body) using {@code key}, plus header
     * name/value pairs.
     */
    public Reply send(String method, String path, String key, String contentType, String body, String... headers) {
        HttpRequest.Builder b = request(path, key);
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return send(b.method(
                method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Sends {@code method} with exactly {@code body} as a body of {@code contentType}, plus header name/value pairs. */
    public Reply sendBytes(String method, String path, String key, String contentType, byte[] body, String... headers) {
        HttpRequest.Builder b = request(path, key).header("Content-Type", contentType);
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return send(b.method(method, HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /** Creates an API key with {@code role} and returns its secret. */
    public String createKey(String name, String role) {
        Reply r = postJson("/api/v1/keys", "{\"name\":\"" + name + "\",\"role\":\"" + role + "\"}");
        if (r.status() != 201) {
            throw new IllegalStateException("could not create key: " + r.body());
        }
        return r.json().get("key").asText();
    }

    /** DELETE with {@code key}. */
    public Reply delete(String path, String key) {
        return send(request(path, key).DELETE());
    }

    /** Starts a request to {@code path} carrying {@code key} if not null. */
    public HttpRequest.Builder request(String path, String key) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return b;
    }

    public Reply send(HttpRequest.Builder request) {
        try {
            return new Reply(http.send(request.build(), HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
