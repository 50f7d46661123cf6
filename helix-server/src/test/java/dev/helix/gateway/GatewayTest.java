package dev.helix.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.testing.Await;
import dev.helix.testing.HelixClient;
import dev.helix.testkit.Fault;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The OpenAI-compatible gateway end to end: Helix in front of mock providers on loopback. */
@Timeout(60)
class GatewayTest {
    @RegisterExtension
    static final GatewayServer server = new GatewayServer();

    static final GatewayFixture MOCKS = server.mocks;

    private final HelixClient client = server.client();

    static String chat(String model, String extra) {
        return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
                + "{\"role\":\"user\",\"content\":\"Hello there\"}]" + extra + "}";
    }

    private HelixClient.Reply post(String path, String body, String... headers) {
        return client.send("POST", path, client.adminKey(), "application/json", body, headers);
    }

    @Test
    void aCompletionGoesToTheCheapestDeploymentAndSaysWhatHappened() {
        HelixClient.Reply reply = post("/v1/chat/completions", chat("fast", ""));
        assertThat(reply.status()).isEqualTo(200);
        JsonNode body = reply.json();
        assertThat(body.get("object").asText()).isEqualTo("chat.completion");
        assertThat(body.at("/choices/0/message/content").asText()).contains("Hello there");
        assertThat(reply.header("x-helix-deployment")).isEqualTo("primary/cheap-1");
        assertThat(reply.header("x-helix-attempts")).isEqualTo("1");
        assertThat(reply.header("x-helix-cache")).isEqualTo("bypass");
        long prompt = body.at("/usage/prompt_tokens").asLong();
        long completion = body.at("/usage/completion_tokens").asLong();
        double expected = (prompt * 0.15 + completion * 0.60) / 1e6;
        assertThat(Double.parseDouble(reply.header("x-helix-cost-usd")))
                .isCloseTo(expected, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(MOCKS.primary.lastRequest().body().get("model").asText()).isEqualTo("cheap-1");
        assertThat(MOCKS.primary.lastRequest().header("authorization")).isEqualTo("Bearer sk-primary-secret");
    }

    @Test
    void theMonitorSeesTheCallsInFlightAndTheirPeak() {
        assertThat(post("/v1/chat/completions", chat("fast", "")).status()).isEqualTo(200);
        JsonNode gateway = client.get("/api/v1/optimization/summary", client.adminKey())
                .json()
                .get("gateway");
        assertThat(gateway.get("callsInFlight").asInt()).isZero();
        assertThat(gateway.get("peakCallsInFlight").asInt()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aStreamIsRelayedChunkByChunkAndEndsWithDone() {
        HelixClient.Reply reply = post(
                "/v1/chat/completions", chat("fast", ",\"stream\":true,\"stream_options\":{\"include_usage\":true}"));
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("content-type")).startsWith("text/event-stream");
        List<String> data = dataLines(reply.body());
        assertThat(data.getLast()).isEqualTo("[DONE]");
        assertThat(data).anyMatch(d -> d.contains("\"usage\":{"));
        assertThat(reply.body()).contains(": x-helix-cost-usd: ");
        assertThat(data.size()).isGreaterThan(4);
    }

    @Test
    void aStreamWithoutUsageAskedHidesTheUsageChunkButStillCountsIt() {
        HelixClient.Reply reply = post("/v1/chat/completions", chat("fast", ",\"stream\":true"));
        assertThat(reply.status()).isEqualTo(200);
        assertThat(dataLines(reply.body())).noneMatch(d -> d.contains("\"usage\":{"));
        assertThat(MOCKS.primary
                        .lastRequest()
                        .body()
                        .at("/stream_options/include_usage")
                        .asBoolean())
                .isTrue();
        assertThat(reply.body()).containsPattern(": x-helix-cost-usd: 0\\.0+[1-9]");
    }

    @Test
    void streamsReuseTheUpstreamConnection() {
        MOCKS.primary.reset();
        for (int i = 0; i < 20; i++) {
            HelixClient.Reply reply = post("/v1/chat/completions", chat("fast", ",\"stream\":true"));
            assertThat(dataLines(reply.body()).getLast()).isEqualTo("[DONE]");
        }
        assertThat(MOCKS.primary.requestCount("/v1/chat/completions")).isEqualTo(20);
        // one connection, kept alive; a few more allowed for health probes sharing the pool
        assertThat(MOCKS.primary.connectionCount()).isLessThanOrEqualTo(3);
    }

    @Test
    void aFailingDeploymentFailsOverToTheNext() {
        MOCKS.primary.failNext(1, Fault.status(503));
        HelixClient.Reply reply = post("/v1/chat/completions", chat("fast", ""));
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("x-helix-deployment")).isEqualTo("secondary/dear-1");
        assertThat(reply.header("x-helix-attempts")).isEqualTo("2");
    }

    @Test
    void whenEveryDeploymentFailsTheFallbackModelAnswers() {
        MOCKS.primary.alwaysFail(Fault.status(500));
        try {
            HelixClient.Reply reply = post("/v1/chat/completions", chat("solo", ""));
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.header("x-helix-deployment")).isEqualTo("secondary/backup-1");
            assertThat(reply.header("x-helix-attempts")).isEqualTo("4");
        } finally {
            MOCKS.primary.clearFaults();
        }
    }

    @Test
    void aDeploymentIsRetriedAfterABackoffAndARetryAfterLongerThanMaxBackoffMovesOn() {
        MOCKS.primary.failNext(1, Fault.status(503));
        HelixClient.Reply retried = post("/v1/chat/completions", chat("solo", ""));
        assertThat(retried.header("x-helix-deployment")).isEqualTo("primary/solo-1");
        assertThat(retried.header("x-helix-attempts")).isEqualTo("2");
        MOCKS.primary.failNext(1, Fault.status(503, Duration.ofSeconds(5)));
        HelixClient.Reply movedOn = post("/v1/chat/completions", chat("solo", ""));
        assertThat(movedOn.header("x-helix-deployment")).isEqualTo("secondary/backup-1");
        assertThat(movedOn.header("x-helix-attempts")).isEqualTo("2");
    }

    @Test
    void brokenProviderAnswersFailOverAndAreNeverShownAsSuccess() {
        for (Fault fault : List.of(Fault.html(), Fault.garbage(), Fault.truncated(), Fault.empty(), Fault.reset())) {
            MOCKS.resetMocks();
            MOCKS.primary.failNext(1, fault);
            HelixClient.Reply reply = post("/v1/chat/completions", chat("fast", ""));
            assertThat(reply.status()).as(fault.toString()).isEqualTo(200);
            assertThat(reply.header("x-helix-deployment")).as(fault.toString()).isEqualTo("secondary/dear-1");
        }
    }

    @Test
    void everyDeploymentFailingIsA502InOpenAisShapeNamingEachFailure() {
        MOCKS.secondary.alwaysFail(Fault.html());
        try {
            HelixClient.Reply reply = post("/v1/chat/completions", chat("breakable", ""));
            assertThat(reply.status()).isEqualTo(502);
            JsonNode error = reply.json().get("error");
            assertThat(error.get("type").asText()).isEqualTo("server_error");
            assertThat(error.get("message").asText())
                    .contains("every deployment of model 'breakable' failed after 3 " + "attempts")
                    .contains("HTML");
        } finally {
            MOCKS.secondary.clearFaults();
        }
    }

    @Test
    void aProviderThatNeverAnswersTimesOutAndFailsOver() {
        MOCKS.primary.failNext(1, Fault.hang());
        HelixClient.Reply reply = post("/v1/chat/completions", chat("fast", ""));
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("x-helix-deployment")).isEqualTo("secondary/dear-1");
    }

    @Test
    void anAnswerStillArrivingInPiecesIsNotIdleHoweverLongItTakes() {
        // primary's idle timeout is 1 s: six pieces 300 ms apart take 1.5 s, but no gap reaches 1 s
        MOCKS.primary.options(MOCKS.primary.options().withChunks(6).withChunkSpacing(Duration.ofMillis(300)));
        MOCKS.primary.failNext(1, Fault.slow());
        try {
            HelixClient.Reply reply = post("/v1/chat/completions", chat("fast", ""));
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.header("x-helix-deployment")).isEqualTo("primary/cheap-1");
            assertThat(reply.header("x-helix-attempts")).isEqualTo("1");
            assertThat(reply.json().at("/choices/0/message/content").asText()).contains("Hello there");
        } finally {
            MOCKS.primary.options(MOCKS.primary.options().withChunks(5).withChunkSpacing(Duration.ZERO));
        }
    }

    @Test
    void anAnswerThatStopsArrivingForTheIdleTimeoutFailsOver() {
        MOCKS.primary.options(MOCKS.primary.options().withChunks(2).withChunkSpacing(Duration.ofMillis(1500)));
        MOCKS.primary.failNext(1, Fault.slow());
        try {
            HelixClient.Reply reply = post("/v1/chat/completions", chat("fast", ""));
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.header("x-helix-deployment")).isEqualTo("secondary/dear-1");
            assertThat(reply.header("x-helix-attempts")).isEqualTo("2");
        } finally {
            MOCKS.primary.options(MOCKS.primary.options().withChunks(5).withChunkSpacing(Duration.ZERO));
        }
    }

    @Test
    void aStreamCutMidwayEndsWithAnErrorEventNotDone() {
        MOCKS.primary.failNext(1, Fault.cut());
        HelixClient.Reply reply = post("/v1/chat/completions", chat("fast", ",\"stream\":true"));
        assertThat(reply.status()).isEqualTo(200);
        List<String> data = dataLines(reply.body());
        assertThat(data).doesNotContain("[DONE]");
        assertThat(data.getLast()).contains("\"error\"").contains("upstream_stream_broken");
    }

    @Test
    void aStreamFailingBeforeItsFirstChunkFailsOver() {
        MOCKS.primary.failNext(1, Fault.status(503));
        HelixClient.Reply reply = post("/v1/chat/completions", chat("fast", ",\"stream\":true"));
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("x-helix-deployment")).isEqualTo("secondary/dear-1");
        assertThat(dataLines(reply.body()).getLast()).isEqualTo("[DONE]");
    }

    @Test
    void a429WithRetryAfterCoolsTheDeploymentDown() {
        MOCKS.primary.failNext(1, Fault.status(429, Duration.ofSeconds(60)));
        HelixClient.Reply first = post("/v1/chat/completions", chat("limited", ""));
        assertThat(first.header("x-helix-deployment")).isEqualTo("secondary/limited-2");
        HelixClient.Reply second = post("/v1/chat/completions", chat("limited", ""));
        assertThat(second.header("x-helix-deployment")).isEqualTo("secondary/limited-2");
        assertThat(second.header("x-helix-attempts")).isEqualTo("1");
        assertThat(MOCKS.primary.requestCount()).isEqualTo(1);
    }

    @Test
    void duringACoolDownRetryAfterSaysTheTimeLeftRoundedUp() throws InterruptedException {
        MOCKS.secondary.failNext(1, Fault.status(429, Duration.ofSeconds(4)));
        HelixClient.Reply first = post("/v1/chat/completions", chat("cooled", ""));
        assertThat(first.status()).isEqualTo(429);
        assertThat(first.header("Retry-After")).isEqualTo("4");
        Thread.sleep(1500);
        HelixClient.Reply second = post("/v1/chat/completions", chat("cooled", ""));
        assertThat(second.status()).isEqualTo(429);
        assertThat(second.json().at("/error/message").asText()).contains("cooling down after a 429");
        assertThat(Integer.parseInt(second.header("Retry-After")))
                .as("about 2.5 s left, rounded up")
                .isBetween(2, 3);
        assertThat(MOCKS.secondary.requestCount()).isEqualTo(1);
    }

    @Test
    void temperatureZeroIsServedFromTheCacheTheSecondTime() {
        String body = chat("fast", ",\"temperature\":0,\"user\":\"cache-test\"");
        HelixClient.Reply first = post("/v1/chat/completions", body);
        HelixClient.Reply second = post("/v1/chat/completions", body);
        assertThat(first.header("x-helix-cache")).isEqualTo("miss");
        assertThat(second.header("x-helix-cache")).isEqualTo("hit");
        assertThat(second.header("x-helix-cost-usd")).isEqualTo("0");
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(MOCKS.primary.requestCount("/v1/chat/completions")).isEqualTo(1);
        HelixClient.Reply bypass = post("/v1/chat/completions", body, "x-helix-cache", "off");
        assertThat(bypass.header("x-helix-cache")).isEqualTo("bypass");
        assertThat(MOCKS.primary.requestCount("/v1/chat/completions")).isEqualTo(2);
    }

    @Test
    void aCachedStreamIsReplayedAsAStream() {
        String body = chat("fast", ",\"stream\":true,\"user\":\"stream-cache\"");
        HelixClient.Reply first = post("/v1/chat/completions", body, "x-helix-cache", "on");
        HelixClient.Reply second = post("/v1/chat/completions", body, "x-helix-cache", "on");
        assertThat(second.header("x-helix-cache")).isEqualTo("hit");
        assertThat(dataLines(second.body())).isEqualTo(dataLines(first.body()));
        assertThat(MOCKS.primary.requestCount("/v1/chat/completions")).isEqualTo(1);
    }

    @Test
    void theCacheNeverServesOneKeysAnswerToAnother() {
        String other = client.createKey("cache-other", "user");
        String body = chat("fast", ",\"temperature\":0,\"user\":\"per-key\"");
        post("/v1/chat/completions", body);
        HelixClient.Reply reply = client.send("POST", "/v1/chat/completions", other, "application/json", body);
        assertThat(reply.header("x-helix-cache")).isEqualTo("miss");
    }

    @Test
    void modelsListsTheConfiguredNames() {
        JsonNode models = client.get("/v1/models").json();
        assertThat(models.get("object").asText()).isEqualTo("list");
        assertThat(models.get("data").findValuesAsText("id")).contains("fast", "solo", "claude", "gemini");
    }

    @Test
    void embeddingsAreServed() {
        HelixClient.Reply reply = post("/v1/embeddings", "{\"model\":\"fast\",\"input\":[\"a\",\"b\"]}");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("data")).hasSize(2);
        assertThat(reply.header("x-helix-deployment")).isEqualTo("primary/cheap-1");
    }

    @Test
    void anthropicDeploymentsAreTranslatedBothWays() {
        HelixClient.Reply reply = post("/v1/chat/completions", chat("claude", ""));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().get("object").asText()).isEqualTo("chat.completion");
        assertThat(reply.json().at("/choices/0/message/content").asText()).isNotEmpty();
        assertThat(reply.json().at("/usage/prompt_tokens").asLong()).isPositive();
        assertThat(MOCKS.primary.lastRequest().path()).isEqualTo("/v1/messages");
        assertThat(MOCKS.primary.lastRequest().body().get("system").toString()).contains("Be brief.");
        HelixClient.Reply stream = post("/v1/chat/completions", chat("claude", ",\"stream\":true"));
        assertThat(dataLines(stream.body()).getLast()).isEqualTo("[DONE]");
        assertThat(stream.body()).contains("chat.completion.chunk");
    }

    @Test
    void geminiDeploymentsAreTranslatedBothWays() {
        HelixClient.Reply reply = post("/v1/chat/completions", chat("gemini", ""));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().at("/choices/0/message/content").asText()).isNotEmpty();
        assertThat(MOCKS.primary.lastRequest().path()).isEqualTo("/v1beta/models/gemini-test:generateContent");
        HelixClient.Reply stream = post("/v1/chat/completions", chat("gemini", ",\"stream\":true"));
        assertThat(dataLines(stream.body()).getLast()).isEqualTo("[DONE]");
    }

    @Test
    void aClientThatGoesAwayCancelsTheUpstreamRequest() throws Exception {
        MOCKS.primary.options(MOCKS.primary.options().withChunks(200).withChunkSpacing(Duration.ofMillis(20)));
        try {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<InputStream> response = http.send(
                    HttpRequest.newBuilder(java.net.URI.create(client.base() + "/v1/chat/completions"))
                            .header("Authorization", "Bearer " + client.adminKey())
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(chat("fast", ",\"stream\":true")))
                            .build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            InputStream in = response.body();
            in.readNBytes(200);
            Await.until(() -> MOCKS.primary.activeRequests(), n -> n == 1);
            in.close();
            http.close();
            Await.until(() -> MOCKS.primary.activeRequests(), n -> n == 0);
        } finally {
            MOCKS.primary.options(MOCKS.primary.options().withChunks(5).withChunkSpacing(Duration.ZERO));
        }
    }

    @Test
    void metricsShowRequestsTokensCostAndOverhead() {
        post("/v1/chat/completions", chat("fast", ""));
        String metrics = client.get("/metrics").body();
        assertThat(metrics)
                .contains(
                        "helix_gateway_requests_total{deployment=\"primary/cheap-1\",model=\"fast\"",
                        "helix_gateway_overhead_seconds_bucket",
                        "helix_gateway_upstream_seconds_bucket",
                        "helix_gateway_tokens_total",
                        "helix_gateway_cost_usd_sum",
                        "helix_gateway_breaker_state");
    }

    static List<String> dataLines(String sse) {
        List<String> out = new ArrayList<>();
        for (String line : sse.split("\n")) {
            if (line.startsWith("data: ")) {
                out.add(line.substring(6));
            }
        }
        return out;
    }
}
