package dev.helix.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.internal.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code helix events tail [--types state.*] [--after ID]}: pages through {@code GET /api/v1/event-log} of a running
 * server and keeps following it, printing each event as one line of JSON. Stops after {@code --count} events, on
 * an error (exit 1), or when interrupted.
 */
@Command(
        name = "tail",
        mixinStandardHelpOptions = true,
        description = {
            "Print the events of a running server's event log, one JSON line each, and keep following it.",
            "The server is --url ($HELIX_URL, default http://127.0.0.1:8080); the key is --key ($HELIX_API_KEY, "
                    + "else $HELIX_ADMIN_KEY)."
        })
final class EventsTail implements Callable<Integer> {
    private static final int PAGE = 1000;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--url",
            defaultValue = "${env:HELIX_URL:-http://127.0.0.1:8080}",
            description = "The server's base URL (default: ${DEFAULT-VALUE}).")
    String url;

    @Option(
            names = "--key",
            defaultValue = "${env:HELIX_API_KEY}",
            description = "The API key to read with: an admin key sees every event, another key what it may see.")
    String key;

    @Option(names = "--types", description = "Comma-separated types or prefixes, e.g. state.*,keys.created.")
    String types;

    @Option(
            names = "--after",
            defaultValue = "0",
            description = "Start after this event id (default: ${DEFAULT-VALUE}, the oldest event kept).")
    String after;

    @Option(
            names = "--poll",
            defaultValue = "1000",
            paramLabel = "MS",
            description = "Wait between reads once the end is reached, in ms (default: ${DEFAULT-VALUE}).")
    long pollMillis;

    @Option(names = "--count", description = "Stop after this many events (default: follow until interrupted).")
    Long count;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (key == null || key.isBlank()) {
            key = System.getenv("HELIX_ADMIN_KEY");
        }
        if (key == null || key.isBlank()) {
            err.println("helix: an API key is needed: --key, $HELIX_API_KEY or $HELIX_ADMIN_KEY");
            return Main.EXIT_CONFIG;
        }
        long printed = 0;
        try (HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            while (count == null || printed < count) {
                JsonNode page = fetch(client);
                for (JsonNode event : page.get("events")) {
                    out.println(Json.mapper().writeValueAsString(event));
                    if (count != null && ++printed >= count) {
                        return 0;
                    }
                }
                after = page.get("next").asText();
                if (page.get("events").size() < PAGE) {
                    Thread.sleep(pollMillis);
                }
            }
            return 0;
        } catch (TailException | IOException e) {
            err.println("helix: " + e.getMessage());
            return 1;
        }
    }

    private JsonNode fetch(HttpClient client) throws IOException, InterruptedException {
        URI uri = URI.create(url.replaceAll("/+$", "") + "/api/v1/event-log?limit=" + PAGE + "&after="
                + URLEncoder.encode(after, StandardCharsets.UTF_8)
                + (types == null ? "" : "&types=" + URLEncoder.encode(types, StandardCharsets.UTF_8)));
        HttpRequest request = HttpRequest.newBuilder(uri)
                .header("Authorization", "Bearer " + key)
                .timeout(Duration.ofSeconds(30))
                .build();
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new TailException("cannot read the event log at " + uri + ": " + e);
        }
        if (response.statusCode() != 200) {
            throw new TailException(
                    "the server answered " + response.statusCode() + " for " + uri + ": " + detail(response.body()));
        }
        return Json.mapper().readTree(response.body());
    }

    private static String detail(String body) {
        try {
            JsonNode problem = Json.mapper().readTree(body);
            return problem.path("detail").asText(body);
        } catch (IOException e) {
            return body;
        }
    }

    /** Why following the log stopped. */
    private static final class TailException extends RuntimeException {
        TailException(String message) {
            super(message, null, false, false);
        }
    }
}
