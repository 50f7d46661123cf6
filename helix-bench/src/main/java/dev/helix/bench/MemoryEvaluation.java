package dev.helix.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helix.Helix;
import dev.helix.auth.KeySecrets;
import dev.helix.config.HelixConfig;
import dev.helix.internal.Folders;
import dev.helix.testkit.MockLlmServer;
import dev.helix.testkit.RecordedRequest;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How well memory carries what people said into later sessions: scripted dialogues ({@link MemoryDialogues}, fixed
 * seed) run against a real Helix (SQLite) whose agents answer and synthesise through the gateway. Each person's
 * session is a new conversation; after each session a synthesis run is asked for and awaited. A later session opens
 * with questions about facts said before: the prompt Helix sent for that turn must carry each fact's current value
 * (recall) and none of its earlier, changed values (stale). With the mock model (the default), the prompt is the
 * request the mock recorded; with {@code --provider-url} and {@code --model} (an OpenAI-compatible provider; its key
 * in {@code HELIX_EVAL_API_KEY}), it is what the memory search preview says a prompt gets for the question. Prompt
 * tokens per turn are compared with what sending the person's whole history would take, from turn
 * {@code --after} (50) on: the characters of the persona and every earlier message and answer, over 4, as the mock
 * counts. {@code --history-tokens N} sets {@code conversations.historyTokens} (0, no cap, by default), and the report
 * gives what summarising older turns cost in calls and prompt tokens. {@code --answer-words N} makes the mock's
 * answers at least N words long, as a real model's are (by default they are a few words).
 *
 * <pre>
 * java -cp 'helix-bench/target/helix-bench-*.jar:helix-bench/target/libs/*' dev.helix.bench.MemoryEvaluation \
 *     --people 20 --sessions 5 --turns 12 --seed 7
 * </pre>
 */
public final class MemoryEvaluation {
    private static final Set<String> OPTIONS = Set.of(
            "people", "sessions", "turns", "seed", "after", "history-tokens", "answer-words", "provider-url", "model");
    private static final ObjectMapper JSON = new ObjectMapper();

    private MemoryEvaluation() {}

    public static void main(String[] argv) throws Exception {
        BenchArgs args = BenchArgs.parse(argv, OPTIONS);
        int people = args.number("people", null, 20, 1);
        int sessions = args.number("sessions", null, 5, 2);
        int turns = args.number("turns", null, 12, 4);
        int seed = args.number("seed", null, 7, 0);
        int after = args.number("after", null, 50, 1);
        int historyTokens = args.number("history-tokens", null, 0, 0);
        int answerWords = args.number("answer-words", null, 0, 0);
        String providerUrl = args.text("provider-url", null, "");
        String model = args.text("model", null, "gpt-4o-mini");
        List<MemoryDialogues.Person> dialogues = MemoryDialogues.make(people, sessions, turns, seed);
        Path dir = Files.createTempDirectory("helix-memory-eval");
        String admin = KeySecrets.generate();
        try (MockLlmServer mock =
                        MockLlmServer.start(MockLlmServer.Options.defaults().withAnswerWords(answerWords));
                Helix helix = Helix.create(config(
                                dir,
                                admin,
                                providerUrl.isEmpty() ? mock.baseUrl() : providerUrl,
                                providerUrl.isEmpty() ? "mock-model" : model,
                                historyTokens))
                        .start()) {
            OwnerCalls c = new OwnerCalls(URI.create("http://127.0.0.1:" + helix.port()), admin);
            Tally t = new Tally();
            for (MemoryDialogues.Person p : dialogues) {
                run(c, providerUrl.isEmpty() ? mock : null, p, after, t);
            }
            t.print(people, sessions, turns, seed, after, providerUrl.isEmpty() ? "the mock model" : model);
            JsonNode summarising =
                    c.get("/api/v1/usage?groupBy=task&task=summarise", null).at("/total");
            System.out.printf(
                    Locale.ROOT,
                    "| the mock's answers | %s |%n",
                    answerWords == 0 ? "as they come (a few words)" : "at least " + answerWords + " words");
            System.out.printf(
                    Locale.ROOT,
                    "| history budget (conversations.historyTokens) | %s |%n",
                    historyTokens == 0 ? "none" : historyTokens + " tokens");
            System.out.printf(
                    Locale.ROOT,
                    "| summarising calls, all turns: calls / prompt tokens | %d / %d |%n",
                    summarising.path("requests").asLong(),
                    summarising.path("promptTokens").asLong());
        } finally {
            Folders.deleteTree(dir);
        }
    }

    private static void run(OwnerCalls c, MockLlmServer mock, MemoryDialogues.Person p, int after, Tally t)
            throws Exception {
        long historyChars = 0;
        int turn = 0;
        for (List<MemoryDialogues.Turn> session : p.sessions()) {
            String conversation = c.post("/api/v1/conversations", p.id(), "{\"agent\":\"coder\"}")
                    .get("id")
                    .asText();
            for (MemoryDialogues.Turn step : session) {
                turn++;
                JsonNode sent = c.post(
                        "/api/v1/conversations/" + conversation + "/messages",
                        p.id(),
                        "{\"content\":" + JSON.writeValueAsString(step.text()) + "}");
                String answer = sent.at("/answer/content/0/text").asText("");
                String prompt;
                long promptTokens = sent.at("/answer/usage/promptTokens").asLong();
                if (mock != null) {
                    RecordedRequest r = mock.lastRequest();
                    prompt = r.body().get("messages").toString();
                    if (historyChars == 0) {
                        historyChars =
                                r.body().at("/messages/0/content").asText().length(); // the persona
                    }
                } else {
                    prompt = c.get(
                                    "/api/v1/memory/search?q=" + URLEncoder.encode(step.text(), StandardCharsets.UTF_8),
                                    p.id())
                            .toString();
                }
                historyChars += step.text().length();
                if (turn >= after) {
                    t.tokens(promptTokens, Math.max(1, (historyChars + 3) / 4));
                }
                historyChars += answer.length();
                if (step.question() != null) {
                    t.asked(step.question(), prompt);
                }
            }
            String run = c.post("/api/v1/conversations/" + conversation + "/synthesise", p.id(), null)
                    .get("id")
                    .asText();
            JsonNode ended = c.awaitEnd(run, p.id(), Duration.ofMinutes(2));
            t.run(ended);
        }
    }

    /** What the evaluation counts. */
    private static final class Tally {
        int questions;
        int recalled;
        int staleAsked;
        int staleServed;
        long helixTokens;
        long fullTokens;
        int tokenTurns;
        int runs;
        int runsDone;
        double cost;

        void asked(MemoryDialogues.Question q, String prompt) {
            questions++;
            if (prompt.contains(q.current())) {
                recalled++;
            }
            for (String old : q.stale()) {
                staleAsked++;
                if (prompt.contains(old)) {
                    staleServed++;
                }
            }
        }

        void tokens(long helix, long full) {
            helixTokens += helix;
            fullTokens += full;
            tokenTurns++;
        }

        void run(JsonNode run) {
            runs++;
            if (run.get("status").asText().equals("done")) {
                runsDone++;
            }
            cost += run.get("costUsd").asDouble();
        }

        void print(int people, int sessions, int turns, int seed, int after, String model) {
            System.out.printf(
                    Locale.ROOT,
                    "%d people × %d sessions × %d turns (seed %d), SQLite, %s; a synthesis run after each session.%n%n",
                    people,
                    sessions,
                    turns,
                    seed,
                    model);
            System.out.println("| Measure | Value |");
            System.out.println("| --- | ---: |");
            System.out.printf(Locale.ROOT, "| planted facts asked about in later sessions | %d |%n", questions);
            System.out.printf(
                    Locale.ROOT,
                    "| recall: current value in the turn's prompt | %.1f%% (%d/%d) |%n",
                    100.0 * recalled / Math.max(1, questions),
                    recalled,
                    questions);
            System.out.printf(
                    Locale.ROOT, "| stale (changed) values wrongly served | %d of %d |%n", staleServed, staleAsked);
            System.out.printf(
                    Locale.ROOT,
                    "| prompt tokens per turn from turn %d: Helix / full history | %.0f / %.0f |%n",
                    after,
                    (double) helixTokens / Math.max(1, tokenTurns),
                    (double) fullTokens / Math.max(1, tokenTurns));
            System.out.printf(
                    Locale.ROOT,
                    "| fewer prompt tokens than the full history | %.1f%% (%d turns) |%n",
                    100.0 * (1 - (double) helixTokens / Math.max(1, fullTokens)),
                    tokenTurns);
            System.out.printf(
                    Locale.ROOT, "| synthesis runs done | %d of %d (cost %.6f USD) |%n", runsDone, runs, cost);
        }
    }

    private static HelixConfig config(Path dir, String admin, String baseUrl, String model, int historyTokens)
            throws Exception {
        String key = System.getenv().getOrDefault("HELIX_EVAL_API_KEY", "sk-mock");
        return BenchHelix.config(dir, admin, """
                gateway:
                  providers:
                    - {id: llm, kind: openai, baseUrl: %s, apiKey: %s, healthCheck: false}
                  models:
                    - name: smart
                      deployments: [{provider: llm, model: %s, pricePerMillion: {input: 0.15, output: 0.6}}]
                    - name: fast
                      deployments: [{provider: llm, model: %s, pricePerMillion: {input: 0.15, output: 0.6}}]
                """.formatted(baseUrl, key, model, model)).toBuilder()
                .memory(m -> m.synthesis(s -> s.idleAfter(Duration.ofDays(1)).everyMessages(10_000)))
                .conversations(c -> c.historyTokens(historyTokens))
                .build();
    }
}
