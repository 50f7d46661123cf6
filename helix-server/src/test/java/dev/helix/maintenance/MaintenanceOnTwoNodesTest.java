package dev.helix.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.Helix;
import dev.helix.auth.KeySecrets;
import dev.helix.config.HelixConfig;
import dev.helix.internal.Folders;
import dev.helix.testing.Await;
import dev.helix.testing.HelixClient;
import dev.helix.testing.HelixServerExtension;
import dev.helix.testing.TestServices;
import java.nio.file.Files;
import java.nio.file.Path;
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
        String url = TestServices.postgresSchemaUrl();
        String key = KeySecrets.generate();
        Path dirA = Files.createTempDirectory("helix-a");
        Path dirB = Files.createTempDirectory("helix-b");
        try (Helix a = Helix.create(node(dirA, key, url)).start();
                Helix b = Helix.create(node(dirB, key, url)).start()) {
            HelixClient clientA = client(a, key);
            HelixClient clientB = client(b, key);
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
        } finally {
            TestServices.dropSchema(url);
            Folders.deleteTree(dirA);
            Folders.deleteTree(dirB);
        }
    }

    @Test
    void changesRacingOnBothNodesLeaveBothOnTheLastOneCommitted() throws Exception {
        String url = TestServices.postgresSchemaUrl();
        String key = KeySecrets.generate();
        Path dirA = Files.createTempDirectory("helix-a");
        Path dirB = Files.createTempDirectory("helix-b");
        try (Helix a = Helix.create(node(dirA, key, url)).start();
                Helix b = Helix.create(node(dirB, key, url)).start();
                ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<HelixClient> clients = List.of(client(a, key), client(b, key));
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
        } finally {
            TestServices.dropSchema(url);
            Folders.deleteTree(dirA);
            Folders.deleteTree(dirB);
        }
    }

    private static HelixClient.Reply put(HelixClient client, String body) {
        return client.send("PUT", "/api/v1/maintenance", client.adminKey(), JSON, body);
    }

    private static HelixClient.Reply post(HelixClient client) {
        return client.send("POST", "/api/v1/agents/coder/messages", client.adminKey(), JSON, "{\"type\":\"task\"}");
    }

    private static HelixClient client(Helix helix, String key) {
        return new HelixClient("http://127.0.0.1:" + helix.port(), key);
    }

    private static HelixConfig node(Path dir, String key, String url) {
        HelixConfig c = HelixServerExtension.testConfig(dir, key);
        return c.toBuilder().storage(s -> s.databaseUrl(url)).build();
    }
}
