package dev.helix.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.testing.Await;
import dev.helix.testing.HelixClient;
import dev.helix.testkit.Fault;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Budgets and per-minute limits of API keys hold on the gateway, and every request is billed exactly once. */
@Timeout(60)
class GatewayLimitsTest {
    @RegisterExtension
    static final GatewayServer server = new GatewayServer();

    static final GatewayFixture MOCKS = server.mocks;

    private final HelixClient client = server.client();

    private String key(String limits) {
        HelixClient.Reply r =
                client.postJson("/api/v1/keys", "{\"name\":\"limited\",\"role\":\"user\"," + limits + "}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("key").asText();
    }

    private HelixClient.Reply chat(String key, String model) {
        return client.send("POST", "/v1/chat/completions", key, "application/json", GatewayTest.chat(model, ""));
    }

    @Test
    void overTheRequestsPerMinuteLimitIs429WithTheLimitAndResetTime() {
        String key = key("\"rpm\":2");
        assertThat(chat(key, "fast").status()).isEqualTo(200);
        assertThat(chat(key, "fast").status()).isEqualTo(200);
        HelixClient.Reply refused = chat(key, "fast");
        assertThat(refused.status()).isEqualTo(429);
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 60L);
        JsonNode error = refused.json().get("error");
        assertThat(error.get("type").asText()).isEqualTo("rate_limit_error");
        assertThat(error.get("kind").asText()).isEqualTo("rpm");
        assertThat(error.get("limit").asInt()).isEqualTo(2);
        assertThat(error.has("resetAt")).isTrue();
    }

    @Test
    void overTheBudgetIs429InsufficientQuotaWithTheSpend() {
        String key = key("\"budgetUsd\":0.000001,\"period\":\"day\"");
        assertThat(chat(key, "fast").status()).isEqualTo(200);
        HelixClient.Reply refused = chat(key, "fast");
        assertThat(refused.status()).isEqualTo(429);
        JsonNode error = refused.json().get("error");
        assertThat(error.get("type").asText()).isEqualTo("insufficient_quota");
        assertThat(error.get("kind").asText()).isEqualTo("budget");
        assertThat(error.get("current").asDouble()).isGreaterThan(0.000001);
        assertThat(error.get("message").asText()).contains("daily budget");
    }

    @Test
    void aRequestThatFailedOverIsBilledOnceAndAFailedOneCostsNothing() {
        String key = key("\"rpm\":100");
        MOCKS.primary.failNext(1, Fault.status(503));
        HelixClient.Reply ok = chat(key, "fast");
        assertThat(ok.header("x-helix-attempts")).isEqualTo("2");
        MOCKS.secondary.alwaysFail(Fault.status(500));
        try {
            assertThat(chat(key, "breakable").status()).isEqualTo(502);
        } finally {
            MOCKS.secondary.clearFaults();
        }
        JsonNode rows = client.get("/api/v1/usage?groupBy=model", key).json().get("rows");
        JsonNode fast = find(rows, "fast");
        assertThat(fast.get("requests").asInt()).isEqualTo(1);
        assertThat(fast.get("costUsd").asDouble())
                .isCloseTo(
                        Double.parseDouble(ok.header("x-helix-cost-usd")),
                        org.assertj.core.api.Assertions.within(1e-9));
        JsonNode broken = find(rows, "breakable");
        assertThat(broken.get("requests").asInt()).isEqualTo(1);
        assertThat(broken.get("errors").asInt()).isEqualTo(1);
        assertThat(broken.get("refused").toString())
                .as("it failed upstream; nothing refused it")
                .isEqualTo("{\"budget\":0,\"rpm\":0,\"tpm\":0,\"invalid\":0}");
        assertThat(broken.get("costUsd").asDouble()).isZero();
    }

    @Test
    void answersAProviderStartedThatThenFailedAreCountedWithTheRequestThatRetriedThem() {
        String key = key("\"rpm\":100");
        MOCKS.primary.failNext(1, Fault.cut());
        HelixClient.Reply retried = chat(key, "fast");
        assertThat(retried.status()).isEqualTo(200);
        assertThat(retried.header("x-helix-attempts")).isEqualTo("2");
        assertThat(retried.header("x-helix-failed-answers")).isEqualTo("1");
        MOCKS.primary.failNext(1, Fault.status(503));
        assertThat(chat(key, "fast").header("x-helix-failed-answers"))
                .as("an error status is no answer")
                .isNull();
        MOCKS.primary.failNext(1, Fault.cut());
        HelixClient.Reply broken = client.send(
                "POST", "/v1/chat/completions", key, "application/json", GatewayTest.chat("fast", ",\"stream\":true"));
        assertThat(broken.body()).contains("upstream_stream_broken");
        MOCKS.secondary.alwaysFail(Fault.truncated());
        HelixClient.Reply failed;
        try {
            failed = chat(key, "breakable");
        } finally {
            MOCKS.secondary.clearFaults();
        }
        assertThat(failed.status()).isEqualTo(502);
        assertThat(failed.json().at("/error/failedAnswers").asInt()).isEqualTo(3);

        JsonNode report = client.get("/api/v1/usage?groupBy=model", key).json();
        JsonNode fast = find(report.get("rows"), "fast");
        assertThat(fast.get("requests").asInt()).isEqualTo(3);
        assertThat(fast.get("failedAnswers").asInt())
                .as("the cut answer retried, the stream cut midway")
                .isEqualTo(2);
        assertThat(find(report.get("rows"), "breakable").get("failedAnswers").asInt())
                .isEqualTo(3);
        assertThat(report.get("total").get("failedAnswers").asInt()).isEqualTo(5);
    }

    @Test
    void smallAmountsAreShownAsPlainDecimalsInJsonHeadersAndMessages() {
        HelixClient.Reply created = client.postJson(
                "/api/v1/keys", "{\"name\":\"tiny\",\"role\":\"user\",\"budgetUsd\":0.000001,\"period\":\"day\"}");
        assertThat(created.body()).contains("\"budgetUsd\":0.000001,").doesNotContain("E-");
        String key = created.json().get("key").asText();
        HelixClient.Reply ok = chat(key, "fast");
        assertThat(ok.header("x-helix-cost-usd")).matches("0\\.0+[1-9][0-9]*");
        HelixClient.Reply refused = chat(key, "fast");
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.body()).contains("\"limit\":0.000001,").doesNotContain("E-");
        assertThat(refused.body()).contains("\"current\":" + ok.header("x-helix-cost-usd") + ",");
        assertThat(refused.json().get("error").get("message").asText())
                .containsPattern("has spent \\$0\\.0+[1-9][0-9] of its \\$0\\.0000010 daily budget");
        HelixClient.Reply report = client.get("/api/v1/usage?groupBy=key", key);
        assertThat(report.body()).doesNotContain("E-");
        assertThat(report.body()).contains("\"costUsd\":" + ok.header("x-helix-cost-usd") + ",");
    }

    @Test
    void boundingTheOutputNeverMakesARequestNeedMoreTokensPerMinute() {
        String key = key("\"tpm\":1");
        assertThat(chat(key, "fast").status())
                .as("a full allowance lets any request through")
                .isEqualTo(200);
        String bounded = GatewayTest.chat("fast", ",\"max_tokens\":10");
        String unbounded = GatewayTest.chat("fast", ",\"temperature\":1");
        String twoChoices = GatewayTest.chat("fast", ",\"max_tokens\":10,\"n\":2");
        assertThat(bounded.length()).isEqualTo(unbounded.length());
        long prompt = bounded.length() / 4;
        long needed = neededTokens(key, bounded);
        assertThat(needed).isEqualTo(prompt + 10).isLessThan(neededTokens(key, unbounded));
        assertThat(neededTokens(key, unbounded))
                .as("an unbounded request is assumed to produce 1000 tokens")
                .isEqualTo(prompt + 1000);
        assertThat(neededTokens(key, twoChoices)).isEqualTo(twoChoices.length() / 4 + 20);
        assertThat(neededTokens(key, GatewayTest.chat("fast", ",\"max_tokens\":5000")))
                .as("a bound above what an unbounded request is assumed to use counts as unbounded")
                .isEqualTo(GatewayTest.chat("fast", ",\"max_tokens\":5000").length() / 4 + 1000);
    }

    /** The estimate a refused request was checked with, from the 429's message. */
    private long neededTokens(String key, String body) {
        HelixClient.Reply r = client.send("POST", "/v1/chat/completions", key, "application/json", body);
        assertThat(r.status()).as(r.body()).isEqualTo(429);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("needs an estimated (\\d+)")
                .matcher(r.json().get("error").get("message").asText());
        assertThat(m.find()).as(r.body()).isTrue();
        return Long.parseLong(m.group(1));
    }

    @Test
    void requestsRefusedByALimitOrAsInvalidAreErrorsInTheUsageReportByReason() {
        String rpm = key("\"rpm\":1");
        chat(rpm, "fast");
        assertThat(chat(rpm, "fast").status()).isEqualTo(429);
        assertThat(refused(rpm, "fast")).isEqualTo(refusedJson(0, 1, 0, 0));
        String tpm = key("\"tpm\":1");
        chat(tpm, "fast");
        assertThat(chat(tpm, "fast").status()).isEqualTo(429);
        assertThat(refused(tpm, "fast")).isEqualTo(refusedJson(0, 0, 1, 0));
        String budget = key("\"budgetUsd\":0.000001");
        chat(budget, "fast");
        assertThat(chat(budget, "fast").status()).isEqualTo(429);
        assertThat(refused(budget, "fast")).isEqualTo(refusedJson(1, 0, 0, 0));

        String invalid = key("\"rpm\":100");
        assertThat(send(invalid, "{\"model\":\"fast\",\"messages\":[]}").status())
                .isEqualTo(400);
        assertThat(send(invalid, GatewayTest.chat("gpt-9", "")).status()).isEqualTo(404);
        assertThat(send(invalid, "{\"model\":").status()).isEqualTo(400);
        JsonNode report = client.get("/api/v1/usage?groupBy=model", invalid).json();
        assertThat(find(report.get("rows"), "fast").get("refused").toString()).isEqualTo(refusedJson(0, 0, 0, 1));
        JsonNode unknown = report.get("rows").get(report.get("rows").size() - 1);
        assertThat(unknown.get("group").isNull())
                .as("no configured model: " + report)
                .isTrue();
        assertThat(unknown.get("requests").asInt()).isEqualTo(2);
        assertThat(unknown.get("errors").asInt()).isEqualTo(2);
        JsonNode total = report.get("total");
        assertThat(total.get("requests").asInt()).isEqualTo(3);
        assertThat(total.get("errors").asInt()).isEqualTo(3);
        assertThat(total.get("refused").toString()).isEqualTo(refusedJson(0, 0, 0, 3));
    }

    private HelixClient.Reply send(String key, String body) {
        return client.send("POST", "/v1/chat/completions", key, "application/json", body);
    }

    /**
     * The {@code refused} figures of {@code model}'s row in {@code key}'s usage report, once it holds both requests
     * (an answered call is recorded just after its answer is sent, so the report may be asked for before), with one
     * error.
     */
    private String refused(String key, String model) {
        JsonNode row = Await.until(
                () -> find(client.get("/api/v1/usage?groupBy=model", key).json().get("rows"), model),
                r -> r.get("requests").asInt() >= 2);
        assertThat(row.get("requests").asInt()).isEqualTo(2);
        assertThat(row.get("errors").asInt()).isEqualTo(1);
        return row.get("refused").toString();
    }

    private static String refusedJson(int budget, int rpm, int tpm, int invalid) {
        return "{\"budget\":" + budget + ",\"rpm\":" + rpm + ",\"tpm\":" + tpm + ",\"invalid\":" + invalid + "}";
    }

    private static JsonNode find(JsonNode rows, String group) {
        for (JsonNode row : rows) {
            if (row.get("group").asText().equals(group)) {
                return row;
            }
        }
        throw new AssertionError("no row " + group + " in " + rows);
    }
}
