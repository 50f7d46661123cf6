package dev.helix.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helix.Helix;
import dev.helix.auth.KeySecrets;
import dev.helix.config.HelixConfig;
import dev.helix.internal.Folders;
import dev.helix.testing.HelixClient;
import dev.helix.testing.HelixServerExtension;
import dev.helix.testing.StorageEngines;
import dev.helix.testing.TestServices;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The maintenance mode is stored: a Helix restarted on the same database is still read-only, until turned off. */
@Timeout(60)
class MaintenanceRestartTest {
    @ParameterizedTest
    @MethodSource("dev.helix.testing.StorageEngines#all")
    void theModeHoldsAcrossARestart(String engine) throws Exception {
        Path dir = Files.createTempDirectory("helix-maintenance");
        String key = KeySecrets.generate();
        HelixConfig.Storage storage = StorageEngines.storage(engine, dir);
        HelixConfig config = HelixServerExtension.testConfig(dir, key).toBuilder()
                .storage(s -> s.databaseUrl(storage.databaseUrl()))
                .build();
        try {
            try (Helix first = Helix.create(config).start()) {
                HelixClient client = client(first, key);
                assertThat(client.get("/status", null).json().get("maintenance").toString())
                        .isEqualTo("{\"enabled\":false,\"message\":null,\"since\":null}");
                assertThat(client.send(
                                        "PUT",
                                        "/api/v1/maintenance",
                                        key,
                                        "application/json",
                                        "{\"enabled\":true,\"message\":\"moving to new disks\",\"retryAfter\":900}")
                                .status())
                        .isEqualTo(200);
            }
            try (Helix second = Helix.create(config).start()) {
                HelixClient client = client(second, key);
                HelixClient.Reply refused = client.postJson("/api/v1/agents/coder/messages", "{\"type\":\"task\"}");
                assertThat(refused.status()).isEqualTo(503);
                assertThat(refused.header("Retry-After")).isEqualTo("900");
                assertThat(refused.json().get("detail").asText()).isEqualTo("moving to new disks");
                assertThat(client.get("/status", null)
                                .json()
                                .at("/maintenance/enabled")
                                .asBoolean())
                        .isTrue();

                assertThat(client.send("PUT", "/api/v1/maintenance", key, "application/json", "{\"enabled\":false}")
                                .status())
                        .isEqualTo(200);
                assertThat(client.postJson("/api/v1/agents/coder/messages", "{\"type\":\"task\"}")
                                .status())
                        .isEqualTo(202);
            }
        } finally {
            if (!storage.databaseUrl().isEmpty()) {
                TestServices.dropSchema(storage.databaseUrl());
            }
            Folders.deleteTree(dir);
        }
    }

    private static HelixClient client(Helix helix, String key) {
        return new HelixClient("http://127.0.0.1:" + helix.port(), key);
    }
}
