package dev.helix.testkit;

import static dev.helix.testkit.MockHttp.await;
import static dev.helix.testkit.MockHttp.json;
import static dev.helix.testkit.MockHttp.sseData;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every {@link Fault} kind, by header and scripted, and how scripted faults are consumed. */
@Timeout(20)
class FaultInjectionTest {
    private static final String CHAT = "/v1/chat/completions";
    private static final String BODY =
            "{\"model\":\"gpt-4o-mini\"," + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
    private static final String STREAM = "{\"model\":\"gpt-4o-mini\",\"stream\":true,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi there\"}]}";

    @RegisterExtension
    static final MockHttp http = MockHttp.sharedServer();

    @Test
    void statusHeaderAnswersAnOpenAiErrorWithRetryAfter() {
        HttpResponse<String> response = http.post(CHAT, BODY, "x-mock-status", "429", "x-mock-retry-after", "2");

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("retry-after")).hasValue("2");
        assertThat(json(response).at("/error/type").asText()).isEqualTo("requests");
        assertThat(json(response).at("/error/code").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(json(response).at("/error/message").asText()).isNotBlank();
    }

    @Test
    void htmlGarbageAndEmptyAre200sWithUnusableBodies() {
        HttpResponse<String> html = http.post(CHAT, BODY, "x-mock-fault", "html");
        HttpResponse<String> garbage = http.post(CHAT, BODY, "x-mock-fault", "garbage");
        HttpResponse<String> empty = http.post(CHAT, BODY, "x-mock-fault", "empty");

        assertThat(html.statusCode()).isEqualTo(200);
        assertThat(html.headers().firstValue("content-type").orElseThrow()).startsWith("text/html");
        assertThat(html.body()).startsWith("<html>");
        assertThat(garbage.statusCode()).isEqualTo(200);
        assertThat(garbage.headers().firstValue("content-type")).hasValue("application/json");
        assertThatThrownBy(() -> MockHttp.JSON.readTree(garbage.body())).isInstanceOf(IOException.class);
        assertThat(empty.statusCode()).isEqualTo(200);
        assertThat(empty.body()).isEmpty();
    }

    @Test
    void truncatedBodyIsHalfTheJsonWithAMatchingContentLength() {
        String whole = http.post(CHAT, BODY).body();

        HttpResponse<String> response = http.post(CHAT, BODY, "x-mock-fault", "truncated");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValueAsLong("content-length"))
                .hasValue(response.body().length());
        assertThat(response.body())
                .startsWith("{\"id\":\"chatcmpl-")
                .hasSizeBetween(whole.length() / 2 - 2, whole.length() / 2 + 2);
        assertThatThrownBy(() -> MockHttp.JSON.readTree(response.body())).isInstanceOf(IOException.class);
    }

    @Test
    void truncatedStreamEndsCleanlyInTheMiddleOfAnEvent() {
        HttpResponse<String> response = http.post(CHAT, STREAM, "x-mock-fault", "truncated");

        assertThat(response.statusCode()).isEqualTo(200);
        List<String> data = sseData(response.body());
        assertThat(data).hasSize(3).doesNotContain("[DONE]");
        assertThatThrownBy(() -> MockHttp.JSON.readTree(data.get(2))).isInstanceOf(IOException.class);
    }

    @Test
    void cutBodySendsHeadersAndHalfTheAnnouncedLengthThenCloses() {
        String raw = http.raw(CHAT, BODY, "x-mock-fault", "cut");

        String body = raw.substring(raw.indexOf("\r\n\r\n") + 4);
        String length = raw.replaceAll("(?is).*content-length: (\\d+).*", "$1");
        assertThat(raw).startsWith("HTTP/1.1 200");
        assertThat(body).isNotEmpty();
        assertThat(body.length()).isEqualTo(Integer.parseInt(length) / 2);
        assertThat(http.postFails(CHAT, BODY, "x-mock-fault", "cut")).isInstanceOf(IOException.class);
    }

    @Test
    void cutStreamSendsTwoEventsThenClosesWithoutTheEndOfTheStream() {
        String raw = http.raw(CHAT, STREAM, "x-mock-fault", "cut");

        assertThat(raw).startsWith("HTTP/1.1 200").containsIgnoringCase("transfer-encoding: chunked");
        assertThat(raw.split("data: ", -1)).hasSize(3);
        assertThat(raw).doesNotContain("[DONE]").doesNotEndWith("0\r\n\r\n");
        assertThat(http.postFails(CHAT, STREAM, "x-mock-fault", "cut")).isInstanceOf(IOException.class);
    }

    @Test
    void slowSendsTheWholeBodyWithItsContentLengthInPiecesSpacedApart() {
        http.server().options(MockLlmServer.Options.defaults().withChunks(4).withChunkSpacing(Duration.ofMillis(150)));
        long start = System.nanoTime();

        HttpResponse<String> response = http.post(CHAT, BODY, "x-mock-fault", "slow");

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(450));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValueAsLong("content-length"))
                .hasValue(response.body().length());
        assertThat(json(response).at("/choices/0/message/content").asText()).isEqualTo("mock reply to: Hi");
    }

    @Test
    void resetClosesTheConnectionWithoutAnyResponse() {
        assertThat(http.raw(CHAT, BODY, "x-mock-fault", "reset")).isEmpty();
        assertThat(http.postFails(CHAT, BODY, "x-mock-fault", "reset")).isInstanceOf(IOException.class);
        assertThat(http.server().requestCount(CHAT)).isEqualTo(2);
    }

    @Test
    void hangIsReleasedWhenTheClientCloses() throws IOException {
        Socket socket = http.openRaw(CHAT, BODY, "x-mock-fault", "hang");
        try {
            await(() -> http.server().activeRequests() == 1);
            assertThat(http.server().lastRequest().header("x-mock-fault")).isEqualTo("hang");
        } finally {
            socket.close();
        }
        await(() -> http.server().activeRequests() == 0);
    }

    @Test
    void hangIsReleasedWhenTheServerCloses() throws IOException {
        MockLlmServer own = MockLlmServer.start();
        MockHttp ownHttp = new MockHttp(own);
        try (Socket socket = ownHttp.openRaw(CHAT, BODY, "x-mock-fault", "hang")) {
            await(() -> own.activeRequests() == 1);
            CompletableFuture<HttpResponse<String>> client = ownHttp.postAsync(CHAT, BODY, "x-mock-fault", "hang");
            await(() -> own.activeRequests() == 2);

            own.close();

            InputStream in = socket.getInputStream();
            socket.setSoTimeout(10_000);
            assertThat(in.read()).isEqualTo(-1);
            assertThatThrownBy(client::get)
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(IOException.class);
            await(() -> own.activeRequests() == 0);
        }
    }

    @Test
    void scriptedFaultsAreConsumedInOrderAcrossEndpoints() {
        http.server().failNext(1, Fault.status(503, Duration.ofMillis(1500)));
        http.server().failNext(1, Fault.html());

        HttpResponse<String> first = http.get("/v1/models");
        HttpResponse<String> second = http.post("/v1/embeddings", "{\"model\":\"e\",\"input\":\"x\"}");
        HttpResponse<String> third = http.post(CHAT, BODY);

        assertThat(first.statusCode()).isEqualTo(503);
        assertThat(first.headers().firstValue("retry-after")).hasValue("2");
        assertThat(json(first).at("/error/type").asText()).isEqualTo("server_error");
        assertThat(second.body()).startsWith("<html>");
        assertThat(third.statusCode()).isEqualTo(200);
    }

    @Test
    void aFaultHeaderWinsWithoutConsumingAScriptedFault() {
        http.server().failNext(1, Fault.status(500));

        HttpResponse<String> own = http.post(CHAT, BODY, "x-mock-fault", "empty");
        HttpResponse<String> scripted = http.post(CHAT, BODY);
        HttpResponse<String> normal = http.post(CHAT, BODY);

        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(own.body()).isEmpty();
        assertThat(scripted.statusCode()).isEqualTo(500);
        assertThat(normal.statusCode()).isEqualTo(200);
    }

    @Test
    void alwaysFailAppliesAfterScriptedFaultsUntilCleared() {
        http.server().alwaysFail(Fault.status(502));
        http.server().failNext(1, Fault.garbage());

        assertThat(http.post(CHAT, BODY).body()).startsWith("<<not json>>");
        assertThat(http.post(CHAT, BODY).statusCode()).isEqualTo(502);
        assertThat(http.get("/v1/models").statusCode()).isEqualTo(502);
        http.server().clearFaults();
        assertThat(http.post(CHAT, BODY).statusCode()).isEqualTo(200);
    }

    @Test
    void scriptedCutAndResetWorkLikeTheirHeaders() {
        http.server().failNext(1, Fault.cut());
        http.server().failNext(1, Fault.reset());
        http.server().failNext(1, Fault.truncated());
        http.server().failNext(1, Fault.empty());

        assertThat(http.postFails(CHAT, STREAM)).isInstanceOf(IOException.class);
        assertThat(http.postFails(CHAT, BODY)).isInstanceOf(IOException.class);
        assertThat(sseData(http.post(CHAT, STREAM).body())).doesNotContain("[DONE]");
        assertThat(http.post(CHAT, BODY).body()).isEmpty();
        await(() -> http.server().activeRequests() == 0);
    }

    @Test
    void scriptedHangHoldsTheRequestUntilTheClientLeaves() throws IOException {
        http.server().failNext(1, Fault.hang());

        Socket socket = http.openRaw(CHAT, BODY);
        try {
            await(() -> http.server().activeRequests() == 1);
        } finally {
            socket.close();
        }
        await(() -> http.server().activeRequests() == 0);
        assertThat(http.post(CHAT, BODY).statusCode()).isEqualTo(200);
    }

    @Test
    void malformedFaultHeadersAre400() {
        HttpResponse<String> badFault = http.post(CHAT, BODY, "x-mock-fault", "explode");
        HttpResponse<String> badStatus = http.post(CHAT, BODY, "x-mock-status", "200");

        assertThat(badFault.statusCode()).isEqualTo(400);
        assertThat(json(badFault).at("/error/message").asText()).contains("x-mock-fault");
        assertThat(badStatus.statusCode()).isEqualTo(400);
        assertThat(json(badStatus).at("/error/message").asText()).contains("x-mock-status");
    }

    @Test
    void aClientLeavingAStreamEndsTheRequest() throws IOException {
        // about 55 events 500 ms apart: far longer than the test's timeout unless the client leaving ends it
        // (MockHttp puts the default options back before the next test)
        MockLlmServer server = http.server();
        server.options(MockLlmServer.Options.defaults().withChunks(200).withChunkSpacing(Duration.ofMillis(500)));
        String longStream = STREAM.replace("Hi there", "x".repeat(40));
        try (Socket socket = http.openRaw(CHAT, longStream)) {
            await(() -> server.activeRequests() == 1);
            assertThat(socket.getInputStream().read()).isNotEqualTo(-1);
        }
        await(() -> server.activeRequests() == 0);
    }
}
