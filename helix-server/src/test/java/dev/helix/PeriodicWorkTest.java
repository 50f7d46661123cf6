package dev.helix;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.auth.KeySecrets;
import dev.helix.internal.Folders;
import dev.helix.testing.HelixClient;
import dev.helix.testing.HelixServerExtension;
import dev.helix.testing.TestClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A Helix given a timer runs its periodic work there: a test lets time pass instead of waiting for a timer. */
@Timeout(60)
class PeriodicWorkTest {
    @Test
    void theUseOfAKeyIsRecordedWhenItsFlushPeriodHasPassed() throws Exception {
        TestClock clock = new TestClock("2025-01-01T00:00:00Z");
        Path dir = Files.createTempDirectory("helix-periodic");
        String admin = KeySecrets.generate();
        try (Helix helix = Helix.create(HelixServerExtension.testConfig(dir, admin), Map.of(), clock.time(), List.of())
                .start()) {
            assertThat(clock.timer().scheduled())
                    .containsExactlyInAnyOrder(
                            "record API key use",
                            "checkpoint the database",
                            "write LLM usage",
                            "read the event log",
                            "prune the event log",
                            "sample performance",
                            "prune mailboxes",
                            "forget idle real-time topics",
                            "recover abandoned answers",
                            "take ended memories out of the index",
                            "synthesise memories");
            HelixClient client = new HelixClient("http://127.0.0.1:" + helix.port(), admin);
            String id = client.get("/api/v1/me").json().get("id").asText();
            assertThat(lastUsedAt(client, id).isNull())
                    .as("not written before the flush")
                    .isTrue();

            clock.advance(Duration.ofSeconds(4));
            assertThat(lastUsedAt(client, id).isNull()).isTrue();
            clock.advance(Duration.ofSeconds(1));
            assertThat(lastUsedAt(client, id).asText())
                    .as("the last use before the flush")
                    .isEqualTo("2025-01-01T00:00:04Z");
        } finally {
            Folders.deleteTree(dir);
        }
        assertThat(clock.timer().scheduled()).as("cancelled at stop").isEmpty();
    }

    private static JsonNode lastUsedAt(HelixClient client, String id) {
        return client.get("/api/v1/keys/" + id).json().path("lastUsedAt");
    }
}
