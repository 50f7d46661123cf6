package dev.helix.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.config.RouteClass;
import dev.helix.http.Responses;
import dev.helix.http.RouteTraits;
import dev.helix.testing.Await;
import dev.helix.testing.HelixClient;
import dev.helix.testing.HelixServerExtension;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Bulkheads on a real server: test routes that block until released fill a class (one place each here), so the next
 * request is refused with 503 — or, where the class allows waiting, waits for the place and is served.
 */
@Timeout(60)
class BulkheadTest {
    static final AtomicInteger ENTERED = new AtomicInteger();
    static volatile CountDownLatch release = new CountDownLatch(0);

    @RegisterExtension
    static HelixServerExtension server = new HelixServerExtension()
            .config(LimitsFixture.with(
                    "limits.defaultConcurrency=1",
                    "limits.defaultQueueWait=0s",
                    "limits.gatewayConcurrency=1",
                    "limits.gatewayQueueWait=30s"))
            .feature(routes -> routes.get("/api/v1/test/slow", BulkheadTest::slow)
                    .get("/v1/test/slow", RouteTraits.AUTHENTICATED.limitedAs(RouteClass.GATEWAY), BulkheadTest::slow));

    private final HelixClient client = server.client();
    private final HttpClient http = HttpClient.newHttpClient();

    private static void slow(ServerRequest req, ServerResponse res) throws InterruptedException {
        ENTERED.incrementAndGet();
        boolean released = release.await(30, TimeUnit.SECONDS);
        Responses.ok(res, Map.of("released", released));
    }

    @BeforeEach
    void hold() {
        ENTERED.set(0);
        release = new CountDownLatch(1);
    }

    @AfterEach
    void letGo() {
        release.countDown();
    }

    private CompletableFuture<HttpResponse<String>> slowRequest(String path) {
        return http.sendAsync(client.request(path, client.adminKey()).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aFullClassAnswers503WithRetryAfterAndOtherClassesAreUntouched() throws Exception {
        CompletableFuture<HttpResponse<String>> first = slowRequest("/api/v1/test/slow");
        Await.until("the first request to hold the only place", Duration.ofSeconds(10), () -> ENTERED.get() == 1);

        HelixClient.Reply refused = client.get("/api/v1/me");
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.header("Retry-After")).isEqualTo("1");
        JsonNode problem = refused.json();
        assertThat(problem.get("type").asText()).isEqualTo("urn:helix:problem:overloaded");
        assertThat(problem.get("policy").asText()).isEqualTo("default");
        assertThat(problem.get("detail").asText())
                .contains("limits.defaultConcurrency")
                .contains("limits.defaultQueueWait");
        assertThat(client.get("/api/v1/keys").status())
                .as("admin routes have their own bulkhead")
                .isEqualTo(200);
        assertThat(LimitsFixture.metric(client, "helix_bulkhead_in_flight", "default"))
                .isEqualTo(1.0);
        assertThat(LimitsFixture.metric(client, "helix_bulkhead_rejections_total", "default"))
                .isGreaterThanOrEqualTo(1.0);

        release.countDown();
        assertThat(first.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        Await.until(
                "the place to be free again",
                Duration.ofSeconds(10),
                () -> client.get("/api/v1/me").status() == 200);
        assertThat(LimitsFixture.metric(client, "helix_bulkhead_in_flight", "default"))
                .isEqualTo(0.0);
    }

    @Test
    void aRequestWaitsInLineForAPlaceWithinTheQueueWait() throws Exception {
        CompletableFuture<HttpResponse<String>> first = slowRequest("/v1/test/slow");
        Await.until("the first request to hold the only place", Duration.ofSeconds(10), () -> ENTERED.get() == 1);
        CompletableFuture<HttpResponse<String>> second = slowRequest("/v1/test/slow");
        Await.until(
                "the second request to wait in line",
                Duration.ofSeconds(10),
                () -> LimitsFixture.metric(client, "helix_bulkhead_waiting", "gateway") == 1.0);
        assertThat(ENTERED.get()).isEqualTo(1);

        release.countDown();
        assertThat(first.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(second.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(ENTERED.get()).isEqualTo(2);
    }

    @Test
    void openRealTimeStreamsHoldNoPlace() throws Exception {
        HttpResponse<InputStream> stream = http.send(
                client.request("/api/v1/events?topics=state", client.adminKey()).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        InputStream events = stream.body();
        try {
            assertThat(stream.statusCode()).isEqualTo(200);
            assertThat(client.get("/api/v1/me").status()).isEqualTo(200);
            assertThat(client.get("/api/v1/state").status()).isEqualTo(200);
        } finally {
            events.close();
        }
    }
}
