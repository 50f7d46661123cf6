package dev.helix.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.Helix;
import dev.helix.auth.KeySecrets;
import dev.helix.config.HelixConfig;
import dev.helix.internal.Folders;
import dev.helix.testkit.MockLlmServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What memory synthesis itself costs per run, the model's time left out: a real Helix (SQLite) whose agents answer
 * and synthesise through the gateway from the mock provider with no latency. {@code --people} end users of one key
 * each have a conversation; in each of {@code --rounds} rounds every person says {@code --messages} messages of facts
 * (some new, some changed, some repeated; fixed seed), and then a run of their conversation is asked for and awaited.
 * Every run reads its messages, makes its two model calls, looks up the similar memories of each candidate and makes
 * its changes. The figure is the timer {@code helix.synthesis.run.duration}, which each run records with its waits
 * for the model subtracted (read from {@code /metrics} after each run, so each run is one sample); the time from
 * asking to the run ending, model calls and polling included, is printed beside it.
 *
 * <pre>
 * java -cp 'helix-bench/target/helix-bench-*.jar:helix-bench/target/libs/*' dev.helix.bench.SynthesisBenchmark \
 *     --people 20 --rounds 10 --messages 6
 * </pre>
 */
public final class SynthesisBenchmark {
    private static final Set<String> OPTIONS = Set.of("people", "rounds", "messages", "warmup");
    private static final Pattern SUM =
            Pattern.compile("(?m)^helix_synthesis_run_duration_seconds_sum(?:\\{[^}]*\\})? (\\S+)$");
    private static final String[] CITIES = {"Porto", "Lisbon", "Oslo", "Lyon", "Kyoto", "Quito", "Perth", "Turin"};
    private static final String[] JOBS = {"nurse", "baker", "pilot", "teacher", "carpenter", "chemist"};
    private static final String[] THINGS = {"green tea", "jazz", "hiking", "chess", "sushi", "poetry", "cycling"};
    private static final String[] COLOURS = {"teal", "red", "orange", "violet", "amber"};

    private SynthesisBenchmark() {}

    public static void main(String[] argv) throws Exception {
        BenchArgs args = BenchArgs.parse(argv, OPTIONS);
        int people = args.number("people", null, 20, 1);
        int rounds = args.number("rounds", null, 10, 1);
        int messages = args.number("messages", null, 6, 1);
        int warmup = args.number("warmup", null, 20, 0);
        Path dir = Files.createTempDirectory("helix-synthesis-bench");
        String admin = KeySecrets.generate();
        try (MockLlmServer mock = MockLlmServer.start();
                Helix helix = Helix.create(config(dir, admin, mock)).start()) {
            OwnerCalls c = new OwnerCalls(URI.create("http://127.0.0.1:" + helix.port()), admin);
            String[] conversations = new String[people];
            for (int p = 0; p < people; p++) {
                conversations[p] = c.post("/api/v1/conversations", user(p), "{\"agent\":\"coder\"}")
                        .get("id")
                        .asText();
            }
            Random random = new Random(42);
            int total = rounds * people;
            long[] own = new long[total];
            long[] wall = new long[total];
            int n = 0;
            for (int r = 0; r < rounds + (warmup > 0 ? 1 : 0); r++) {
                boolean measured = warmup == 0 || r > 0;
                for (int p = 0; p < people; p++) {
                    for (int m = 0; m < messages; m++) {
                        c.post(
                                "/api/v1/conversations/" + conversations[p] + "/messages",
                                user(p),
                                "{\"content\":\"" + fact(random) + "\"}");
                    }
                    double before = ownSeconds(c);
                    long start = System.nanoTime();
                    String run = c.post("/api/v1/conversations/" + conversations[p] + "/synthesise", user(p), null)
                            .get("id")
                            .asText();
                    JsonNode ended = c.awaitEnd(run, user(p), Duration.ofSeconds(30));
                    long took = System.nanoTime() - start;
                    if (!ended.get("status").asText().equals("done")) {
                        throw new IllegalStateException("run " + run + " ended " + ended);
                    }
                    if (measured && n < total) {
                        wall[n] = took;
                        own[n] = Math.round((ownSeconds(c) - before) * 1e9);
                        n++;
                    }
                }
            }
            Latencies o = new Latencies(own, n);
            Latencies w = new Latencies(wall, n);
            System.out.printf(
                    Locale.ROOT,
                    "%d people, %d rounds of %d messages each, then a run per person; "
                            + "zero-latency mock model; SQLite.%n%n",
                    people,
                    rounds,
                    messages);
            System.out.println("| Per run | runs | p50 ms | p90 ms | p99 ms | max ms |");
            System.out.println("| --- | ---: | ---: | ---: | ---: | ---: |");
            System.out.printf(
                    Locale.ROOT,
                    "| synthesis's own work (model time left out) | %d | %s | %s | %s | %s |%n",
                    o.count(),
                    o.at(50),
                    o.at(90),
                    o.at(99),
                    Latencies.ms(o.max()));
            System.out.printf(
                    Locale.ROOT,
                    "| asked → ended (model calls and 5 ms polling included) | %d | %s | %s | %s | %s |%n",
                    w.count(),
                    w.at(50),
                    w.at(90),
                    w.at(99),
                    Latencies.ms(w.max()));
        } finally {
            Folders.deleteTree(dir);
        }
    }

    private static String user(int p) {
        return "person-" + p;
    }

    /** A sentence that states a fact, drawn from a few subjects so that later ones change or repeat earlier ones. */
    private static String fact(Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> "I live in " + pick(random, CITIES) + ".";
            case 1 -> "I work as a " + pick(random, JOBS) + ".";
            case 2 -> "I love " + pick(random, THINGS) + ".";
            case 3 -> "Actually, my favourite colour is now " + pick(random, COLOURS) + ".";
            default -> "What do you think about " + pick(random, THINGS) + "?";
        };
    }

    private static String pick(Random random, String[] from) {
        return from[random.nextInt(from.length)];
    }

    private static HelixConfig config(Path dir, String admin, MockLlmServer mock) throws Exception {
        return BenchHelix.config(dir, admin, BenchHelix.mockGateway(mock.baseUrl())).toBuilder()
                .memory(m -> m.synthesis(s -> s.idleAfter(Duration.ofDays(1)).everyMessages(10_000)))
                .build();
    }

    /** The sum of the synthesis run timer, in seconds. */
    private static double ownSeconds(OwnerCalls c) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(c.base().resolve("/metrics"))
                .header("Authorization", "Bearer " + c.key())
                .build();
        String body =
                c.http().send(request, HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = SUM.matcher(body);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
