package dev.helix.agents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helix.config.ConfigLoader;
import dev.helix.config.HelixConfig;
import dev.helix.internal.Folders;
import dev.helix.testing.Await;
import dev.helix.testing.HelixClient;
import dev.helix.testing.HelixServerExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Agents listed under {@code agents:} in helix.yaml, beside an agents folder, reloaded when the file changes. */
@Timeout(60)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AgentsInConfigFileTest {
    private static final Path DIR = tempDir();
    private static final Path CONFIG = DIR.resolve("helix.yaml");
    private static final Path FOLDER = DIR.resolve("agents");

    @RegisterExtension
    static HelixServerExtension server = new HelixServerExtension().config(AgentsInConfigFileTest::withFile);

    private final HelixClient client = server.client();

    @AfterAll
    static void deleteDir() throws IOException {
        server.helix().stop();
        Folders.deleteTree(DIR);
    }

    @Test
    @Order(1)
    void agentsFromTheFileAndTheFolderAreServedTogether() {
        assertThat(client.get("/api/v1/agents").json().get("data").findValuesAsText("id"))
                .containsExactly("coder", "coordinator", "critic", "planner", "researcher");
        assertThat(client.get("/api/v1/agents/planner").json().get("persona").asText())
                .isEqualTo("Plan ahead.");
    }

    @Test
    @Order(2)
    void editsToTheFileAreReloaded() throws IOException {
        Files.writeString(CONFIG, config("planner", "Plans, edited") + "  - id: scribe\n    name: Scribe\n");
        Await.until(() -> client.get("/api/v1/agents/scribe").status(), s -> s == 200);
        // the planner read before is cached until the agents' change event, which follows the reload, invalidates it
        Await.until(
                () -> client.get("/api/v1/agents/planner").json().get("name").asText(), n -> n.equals("Plans, edited"));
    }

    @Test
    @Order(3)
    void anIdClashingWithTheFolderIsRejected() throws IOException {
        Files.writeString(CONFIG, config("coder", "Another coder"));
        Await.until(
                () -> client.get("/health/ready", null)
                        .json()
                        .at("/checks/agents/detail")
                        .asText(),
                d -> d.contains("agent id 'coder' is already defined at " + CONFIG + ":5"));
        assertThat(client.get("/api/v1/agents/scribe").status()).isEqualTo(200);
        Files.writeString(CONFIG, config("planner", "Planner"));
        Await.until(() -> client.get("/api/v1/agents/scribe").status(), s -> s == 404);
        Await.until(
                () -> client.get("/health/ready", null)
                        .json()
                        .at("/checks/agents/status")
                        .asText(),
                "UP"::equals);
    }

    private static HelixConfig withFile(HelixConfig test) {
        HelixConfig fromFile =
                ConfigLoader.builder().file(CONFIG).env(Map.of()).load().config();
        assertThat(fromFile.file()).contains(CONFIG);
        return fromFile.toBuilder()
                .server(test.server())
                .auth(test.auth())
                .storage(test.storage())
                .storage(s -> s.agentsDir(FOLDER))
                .build();
    }

    private static String config(String id, String name) {
        return """
                logging:
                  level: info
                # agents are read by the agents feature, not the config loader
                agents:
                  - id: %s
                    name: %s
                    persona: Plan ahead.
                    tags: [config]
                """.formatted(id, name);
    }

    private static Path tempDir() {
        try {
            Path dir = Files.createTempDirectory("helix-agents-config");
            Files.writeString(dir.resolve("helix.yaml"), config("planner", "Planner"));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
