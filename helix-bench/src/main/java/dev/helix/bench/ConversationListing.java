package dev.helix.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Listing conversations when an owner has many: makes {@code --conversations} conversations for one owner (an API
 * key and an end user), then times {@code GET /api/v1/conversations?limit=20} — the first page, and pages reached
 * by following each page's {@code next} cursor through the whole list — one request at a time. Prints a Markdown
 * table on stdout, progress on stderr.
 *
 * <pre>
 * HELIX_BENCH_KEY=hx_... java -cp 'helix-bench/target/helix-bench-*.jar:helix-bench/target/libs/*' \
 *     dev.helix.bench.ConversationListing --url http://127.0.0.1:8080 --conversations 10000 --rounds 5
 * </pre>
 *
 * The conversations are made with the agent {@code coordinator} (of the default collective) and the end user
 * {@code bench-user}; other owners' conversations, if any, are not listed, as the API scopes every query.
 */
public final class ConversationListing {
    private static final Set<String> OPTIONS = Set.of("url", "conversations", "rounds", "first", "warmup");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USER = "bench-user";

    private final URI base;
    private final String key;
    private final HttpClient http = NodeClient.newHttpClient();

    private ConversationListing(URI base, String key) {
        this.base = base;
        this.key = key;
    }

    public static void main(String[] argv) throws Exception {
        BenchArgs args = BenchArgs.parse(argv, OPTIONS);
        int count = args.number("conversations", null, 10_000, 0);
        int rounds = args.number("rounds", null, 5, 1);
        int firstPages = args.number("first", null, 1000, 1);
        int warmup = args.number("warmup", null, 200, 0);
        ConversationListing bench = new ConversationListing(args.loopbackUrl(), BenchArgs.apiKey());
        System.err.printf("making %d conversations ...%n", count);
        long made = System.nanoTime();
        for (int i = 0; i < count; i++) {
            bench.send("POST", "/api/v1/conversations", "{\"agent\":\"coordinator\",\"title\":\"bench " + i + "\"}");
        }
        System.err.printf("made in %.1f s; warming up ...%n", (System.nanoTime() - made) / 1e9);
        for (int i = 0; i < warmup; i++) {
            bench.send("GET", "/api/v1/conversations?limit=20", null);
        }
        List<Long> first = new ArrayList<>();
        for (int i = 0; i < firstPages; i++) {
            long start = System.nanoTime();
            bench.send("GET", "/api/v1/conversations?limit=20", null);
            first.add(System.nanoTime() - start);
        }
        List<Long> deep = new ArrayList<>();
        int total = 0;
        for (int r = 0; r < rounds; r++) {
            JsonNode page = bench.send("GET", "/api/v1/conversations?limit=20", null);
            total = page.path("data").size();
            while (page.path("next").isTextual()) {
                String path = "/api/v1/conversations?limit=20&cursor="
                        + page.get("next").asText();
                long start = System.nanoTime();
                page = bench.send("GET", path, null);
                deep.add(System.nanoTime() - start);
                total += page.path("data").size();
            }
        }
        print(total, rounds, latencies(first), latencies(deep));
    }

    private static Latencies latencies(List<Long> samples) {
        long[] nanos = samples.stream().mapToLong(Long::longValue).toArray();
        return new Latencies(nanos, nanos.length);
    }

    private static void print(int listed, int rounds, Latencies first, Latencies deep) {
        System.out.printf(
                "%d conversations of one owner listed, 20 a page: the first page %d times, then %d rounds through the"
                        + " whole list by cursor.%n%n",
                listed, first.count(), rounds);
        System.out.println("| Page | requests | p50 ms | p90 ms | p99 ms | max ms |");
        System.out.println("| --- | ---: | ---: | ---: | ---: | ---: |");
        row("first page", first);
        row("a page after a cursor", deep);
    }

    private static void row(String name, Latencies l) {
        System.out.printf(
                "| %s | %d | %s | %s | %s | %s |%n",
                name, l.count(), l.at(50), l.at(90), l.at(99), Latencies.ms(l.max()));
    }

    private JsonNode send(String method, String path, @Nullable String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .header("Authorization", "Bearer " + key)
                .header("X-Helix-User", USER);
        if (json == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }
}
