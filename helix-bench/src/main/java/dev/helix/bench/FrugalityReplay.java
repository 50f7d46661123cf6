package dev.helix.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helix.Helix;
import dev.helix.auth.KeySecrets;
import dev.helix.config.HelixConfig;
import dev.helix.internal.Folders;
import dev.helix.testkit.MockLlmServer;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What routing by the work at hand and the gateway cache save: replays one workload of chat turns of mixed
 * difficulty ({@link FrugalityWorkload}) three times through the conversations API of a real Helix whose gateway
 * points at the mock provider, each turn a message in a new conversation with an agent, each replay under its own API
 * key: with an agent on the premium model at the model's own temperature (so the cache never answers), with an agent
 * on the premium model at temperature 0 (so the gateway cache answers repeated prompts), and with an agent whose
 * {@code chat} task names a router that sends simple and medium turns to a cheap model and complex and reasoning ones
 * to the premium model, at temperature 0. Each replay's spend is read from Helix's usage report. Prints a Markdown
 * report.
 *
 * <pre>
 * java -cp 'helix-bench/target/helix-bench-*.jar:helix-bench/target/libs/*' dev.helix.bench.FrugalityReplay \
 *     --turns 1000 --seed 7
 * </pre>
 *
 * The mock's answers are short, so its token counts are mostly prompt tokens; the cheap model's prices are 9% (input)
 * and 7% (output) of the premium one's, so the fraction saved barely depends on the length of the answers. An answer
 * the cache gave costs nothing, which is how the report counts cache hits.
 */
public final class FrugalityReplay {
    private static final Set<String> OPTIONS = Set.of("turns", "seed");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PERSONA = "You are the assistant of a small online shop's community. Answer politely "
            + "and precisely; say when you are unsure; keep answers short unless asked for detail.";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private FrugalityReplay() {}

    /** One replay: its name and the agent that answers. */
    private record Run(String name, String agent) {}

    public static void main(String[] argv) throws Exception {
        BenchArgs args = BenchArgs.parse(argv, OPTIONS);
        int count = args.number("turns", null, 1000, 1);
        long seed = args.number("seed", null, 7, 0);
        List<FrugalityWorkload.Turn> turns = FrugalityWorkload.turns(count, seed);
        Path dir = Files.createTempDirectory("helix-frugality");
        String admin = KeySecrets.generate();
        try (MockLlmServer mock = MockLlmServer.start();
                Helix helix = Helix.create(config(dir, admin, mock)).start()) {
            String base = "http://127.0.0.1:" + helix.port();
            List<Run> runs = List.of(
                    new Run("premium model alone, no cache", "premium-fresh"),
                    new Run("premium model alone, with the gateway cache", "premium-steady"),
                    new Run(
                            "router (cheap for simple/medium, premium for complex/reasoning), with the cache",
                            "routed-steady"));
            StringBuilder report = new StringBuilder();
            report.append("| Replay | turns | cache hits | spend (USD) | saved vs premium alone |\n");
            report.append("| --- | ---: | ---: | ---: | ---: |\n");
            BigDecimal baseline = null;
            Map<String, Map<String, Integer>> deployments = new TreeMap<>();
            for (Run run : runs) {
                String key = createKey(base, admin, run.name());
                int hits = 0;
                for (FrugalityWorkload.Turn turn : turns) {
                    JsonNode answer = turn(base, key, run.agent(), turn);
                    hits += answer.get("costUsd").decimalValue().signum() == 0 ? 1 : 0;
                    deployments
                            .computeIfAbsent(turn.written(), w -> new TreeMap<>())
                            .merge(
                                    run.agent() + " → "
                                            + answer.get("deployment").asText(),
                                    1,
                                    Integer::sum);
                }
                BigDecimal spend = spend(base, key, turns.size());
                baseline = baseline == null ? spend : baseline;
                report.append("| ")
                        .append(run.name())
                        .append(" | ")
                        .append(turns.size())
                        .append(" | ")
                        .append(hits)
                        .append(" | ")
                        .append(spend.toPlainString())
                        .append(" | ")
                        .append(saved(baseline, spend))
                        .append(" |\n");
            }
            report.append("\nDistinct prompts: ")
                    .append(turns.stream()
                            .map(FrugalityWorkload.Turn::text)
                            .distinct()
                            .count())
                    .append(" of ")
                    .append(turns.size())
                    .append(".\n");
            report.append(
                            "\nTurns by the difficulty they were written as → the agent and the deployment that answered: ")
                    .append(deployments)
                    .append('\n');
            System.out.print(report);
        } finally {
            Folders.deleteTree(dir);
        }
    }

    private static String saved(BigDecimal baseline, BigDecimal spend) {
        if (baseline.signum() == 0) {
            return "–";
        }
        double fraction = 1 - spend.doubleValue() / baseline.doubleValue();
        return String.format("%.1f%%", 100 * fraction);
    }

    private static HelixConfig config(Path dir, String admin, MockLlmServer mock) throws Exception {
        return BenchHelix.config(dir, admin, """
                gateway:
                  providers:
                    - {id: mock, kind: openai, baseUrl: %s, apiKey: sk-mock}
                  models:
                    - name: cheap
                      deployments: [{provider: mock, model: deepseek-chat, pricePerMillion: {input: 0.27, output: 1.10}}]
                    - name: premium
                      deployments: [{provider: mock, model: claude-sonnet, pricePerMillion: {input: 3, output: 15}}]
                  routers:
                    - name: auto
                      tiers: {simple: cheap, medium: cheap, complex: premium, reasoning: premium}
                agents:
                  - {id: premium-fresh, name: Premium, persona: "%2$s", model: premium}
                  - {id: premium-steady, name: Premium at 0, persona: "%2$s", model: premium, temperature: 0}
                  - id: routed-steady
                    name: Routed at 0
                    persona: "%2$s"
                    model: premium
                    models: {chat: auto, summarise: cheap}
                    temperature: 0
                """.formatted(mock.baseUrl(), PERSONA));
    }

    private static String createKey(String base, String admin, String name) throws Exception {
        String body = JSON.writeValueAsString(Map.of("name", name.length() > 60 ? name.substring(0, 60) : name));
        JsonNode created = send(base + "/api/v1/keys", admin, body);
        return created.get("key").asText();
    }

    /** One turn: a new conversation with {@code agent}, the turn's text sent in it; the answer, whole. */
    private static JsonNode turn(String base, String key, String agent, FrugalityWorkload.Turn turn) throws Exception {
        String conversation = send(base + "/api/v1/conversations", key, JSON.writeValueAsString(Map.of("agent", agent)))
                .get("id")
                .asText();
        JsonNode sent = send(
                base + "/api/v1/conversations/" + conversation + "/messages",
                key,
                JSON.writeValueAsString(Map.of("content", turn.text())));
        JsonNode answer = sent.get("answer");
        if (!"complete".equals(answer.path("status").asText())) {
            throw new IllegalStateException("the answer was not complete: " + answer);
        }
        return answer;
    }

    /**
     * The key's spend in US dollars, from Helix's usage report once it holds all {@code requests} (usage is written in
     * batches, within a second).
     */
    private static BigDecimal spend(String base, String key, int requests) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/usage"))
                .header("Authorization", "Bearer " + key)
                .build();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            JsonNode report = JSON.readTree(
                    HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body());
            if (report.at("/total/requests").asLong() >= requests) {
                return new BigDecimal(report.at("/total/costUsd").asText("0"));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the usage report holds " + report.at("/total/requests") + " of "
                        + requests + " requests after 30 s");
            }
            Thread.sleep(100);
        }
    }

    private static JsonNode send(String url, String key, String json) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException(url + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }
}
