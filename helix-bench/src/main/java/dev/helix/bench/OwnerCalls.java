package dev.helix.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The HTTP calls the memory benches make with one key, each for an end user ({@code X-Helix-User}). */
record OwnerCalls(URI base, String key, HttpClient http) {
    private static final ObjectMapper JSON = new ObjectMapper();

    OwnerCalls(URI base, String key) {
        this(base, key, NodeClient.newHttpClient());
    }

    /** POSTs {@code json} (or nothing) to {@code path} for end user {@code user}; the answer, which must be 2xx. */
    JsonNode post(String path, String user, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path))
                .header("Authorization", "Bearer " + key)
                .header("X-Helix-User", user);
        HttpRequest request = json == null
                ? b.POST(HttpRequest.BodyPublishers.noBody()).build()
                : b.header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build();
        return read(path, http.send(request, HttpResponse.BodyHandlers.ofString()));
    }

    /** GETs {@code path} for end user {@code user} (null: the key's own); the answer, which must be 2xx. */
    JsonNode get(String path, String user) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + key);
        if (user != null) {
            request.header("X-Helix-User", user);
        }
        return read(path, http.send(request.build(), HttpResponse.BodyHandlers.ofString()));
    }

    /** Waits up to {@code wait} for synthesis run {@code run} to end (done, failed or deferred); returns it. */
    JsonNode awaitEnd(String run, String user, Duration wait) throws Exception {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode r = get("/api/v1/memory/synthesis/runs/" + run, user);
            String status = r.get("status").asText();
            if (status.equals("done") || status.equals("failed") || status.equals("deferred")) {
                return r;
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("run " + run + " did not end within " + wait);
    }

    private static JsonNode read(String path, HttpResponse<String> r) throws Exception {
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }
}
