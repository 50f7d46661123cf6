package dev.helix.state;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.Helix;
import dev.helix.auth.KeySecrets;
import dev.helix.config.HelixConfig;
import dev.helix.internal.Folders;
import dev.helix.internal.Json;
import dev.helix.testing.HelixClient;
import dev.helix.testing.HelixServerExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What the state file means at start: an edit made while Helix was down wins; a stale copy does not. */
@Timeout(60)
class StateFileRestartTest {
    private final String key = KeySecrets.generate();
    private Path dir;

    @AfterEach
    void clean() throws java.io.IOException {
        Folders.deleteTree(dir);
    }

    private HelixConfig config() throws Exception {
        if (dir == null) {
            dir = Files.createTempDirectory("helix-restart");
        }
        HelixConfig c = HelixServerExtension.testConfig(dir, key);
        return c.toBuilder().state(s -> s.file(dir.resolve("state.json"))).build();
    }

    private void patch(Helix helix, String body) {
        HelixClient client = new HelixClient("http://127.0.0.1:" + helix.port(), key);
        assertThat(client.send("PATCH", "/api/v1/state", key, "application/merge-patch+json", body, "If-Match", "*")
                        .status())
                .isEqualTo(200);
    }

    private JsonNode stateOf(Helix helix) {
        return new HelixClient("http://127.0.0.1:" + helix.port(), key)
                .get("/api/v1/state")
                .json();
    }

    @Test
    void aStaleCopyInTheFileDoesNotUndoNewerVersions() throws Exception {
        String stale;
        try (Helix helix = Helix.create(config()).start()) {
            patch(helix, "{\"step\":1}");
            stale = Files.readString(dir.resolve("state.json"));
            patch(helix, "{\"step\":2}");
        }
        Files.writeString(dir.resolve("state.json"), stale);
        try (Helix helix = Helix.create(config()).start()) {
            assertThat(stateOf(helix).get("step").asInt()).isEqualTo(2);
            assertThat(Json.mapper()
                            .readTree(Files.readString(dir.resolve("state.json")))
                            .get("step")
                            .asInt())
                    .isEqualTo(2);
        }
    }

    @Test
    void anEditMadeWhileHelixWasDownBecomesTheNewestVersion() throws Exception {
        try (Helix helix = Helix.create(config()).start()) {
            patch(helix, "{\"step\":1}");
        }
        Files.writeString(dir.resolve("state.json"), "{\"step\": 99}");
        try (Helix helix = Helix.create(config()).start()) {
            assertThat(stateOf(helix).get("step").asInt()).isEqualTo(99);
        }
    }
}
