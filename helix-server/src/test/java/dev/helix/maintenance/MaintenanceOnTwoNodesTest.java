package dev.helix.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.testing.Await;
import dev.helix.testing.HelixClient;
import dev.helix.testing.TwoNodes;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two Helix nodes on one PostgreSQL database: the maintenance mode set on one holds on the other within moments, and
 * changes racing on both nodes leave both on the same, last committed mode.
 */
@Timeout(120)
class MaintenanceOnTwoNodesTest {
    private static final String JSON = "application/json";
    /** Far above the milliseconds it takes: the other node hears PostgreSQL's NOTIFY, or polls every second. */
    private static final Duration SHORTLY = Duration.ofSeconds(5);

    @Test
    void theOtherNodeRefusesWritesShortlyAndAcceptsThemAgainOnceTurnedOff() throws Exception {
        try (TwoNodes nodes = TwoNodes.start()) {
            HelixClient clientA = nodes.clientA();
            HelixClient clientB = nodes.clientB();
            assertThat(post(clientB).status()).isEqualTo(202);

            assertThat(put(clientA, "{\"enabled\":true,\"message\":\"failing over the database\"}")
                            .status())
                    .isEqualTo(200);
            HelixClient.Reply refused = Await.until(SHORTLY, () -> post(clientB), r -> r.status() == 503);
            assertThat(refused.json().get("detail").asText()).isEqualTo("failing over the database");
            assertThat(refused.header("Retry-After")).isEqualTo("300");
            assertThat(clientB.get("/status", null)
                            .json()
                            .at("/maintenance/message")
                            .asText())
                    .isEqualTo("failing over the database");

            assertThat(put(clientB, "{\"enabled\":false}").status()).isEqualTo(200);
            Await.until(SHORTLY, () -> post(clientA), r -> r.status() == 202);
        }
    }

    @Test
    void changesRacingOnBothNodesLeaveBothOnTheLastOneCommitted() throws Exception {
        try (TwoNodes nodes = TwoNodes.start();
                ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<HelixClient> clients = nodes.clients();
            List<CompletableFuture<HelixClient.Reply>> puts = IntStream.range(0, 20)
                    .mapToObj(i -> CompletableFuture.supplyAsync(
                            () -> put(
                                    clients.get(i % 2),
                                    i % 5 == 4
                                            ? "{\"enabled\":false}"
                                            : "{\"enabled\":true,\"message\":\"change " + i + "\"}"),
                            threads))
                    .toList();
            puts.forEach(p -> assertThat(p.join().status()).isEqualTo(200));

            JsonNode events = clients.get(0)
                    .get("/api/v1/event-log?types=maintenance.changed&limit=1000")
                    .json()
                    .get("events");
            JsonNode last = events.get(events.size() - 1).get("data");
            for (HelixClient client : clients) {
                Await.until(
                        SHORTLY,
                        () -> client.get("/api/v1/maintenance").json(),
                        m -> List.of("enabled", "message", "since").stream()
                                .allMatch(f -> MaintenanceApiTest.text(m.path(f))
                                        .equals(MaintenanceApiTest.text(last.path(f)))));
            }
        }
    }

    private static HelixClient.Reply put(HelixClient client, String body) {
        return client.send("PUT", "/api/v1/maintenance", client.adminKey(), JSON, body);
    }

    private static HelixClient.Reply post(HelixClient client) {
        return client.send("POST", "/api/v1/agents/coder/messages", client.adminKey(), JSON, "{\"type\":\"task\"}");
    }
}
