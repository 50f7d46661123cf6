package dev.helix.agents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helix.internal.Folders;
import dev.helix.testing.Await;
import dev.helix.testing.HelixClient;
import dev.helix.testing.HelixClient.Reply;
import dev.helix.testing.HelixServerExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Edits to an existing agents folder, observed over HTTP while Helix runs. */
@Timeout(60)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AgentsHotReloadTest {
    private static final Path FOLDER = existingFolder();

    @RegisterExtension
    static HelixServerExtension server = new HelixServerExtension()
            .config(c -> c.toBuilder().storage(s -> s.agentsDir(FOLDER)).build());

    private final HelixClient client = server.client();

    @AfterAll
    static void deleteFolder() throws IOException {
        server.helix().stop();
        Folders.deleteTree(FOLDER.getParent());
    }

    @Test
    @Order(1)
    void anExistingFolderIsServedAsItIsWithoutSeeding() throws IOException {
        assertThat(ids()).isEqualTo("[\"solo\"]");
        try (var files = Files.list(FOLDER)) {
            assertThat(files).hasSize(1);
        }
    }

    @Test
    @Order(2)
    void anEditAndANewFileAreServedSoon() throws IOException {
        write("solo.yaml", "id: solo\nname: Solo, renamed\n");
        Await.until(() -> client.get("/api/v1/agents/solo").json().get("name").asText(), "Solo, renamed"::equals);
        write("duo.yml", "id: duo\nname: Duo\ndescription: the second one\n");
        Await.until(this::ids, "[\"duo\",\"solo\"]"::equals);
        assertThat(client.get("/api/v1/agents/duo").json().get("description").asText())
                .isEqualTo("the second one");
    }

    @Test
    @Order(3)
    void invalidEditsKeepTheLastGoodSetAndDegradeHealthUntilFixed() throws IOException {
        String before = client.get("/api/v1/agents").body();
        Path duo = FOLDER.resolve("duo.yml");

        write("duo.yml", "id: duo\nname: Duo\ntags: [a, b\n");
        awaitDegraded(duo + ":4: invalid YAML");
        write("duo.yml", "id: duo\nname: Duo\nmood: happy\n");
        awaitDegraded(duo + ":3 mood: unknown field");
        write("duo.yml", "id: solo\nname: Duo\n");
        awaitDegraded(FOLDER.resolve("solo.yaml") + ":1 id: agent id 'solo' is already defined at " + duo + ":1");

        assertThat(client.get("/api/v1/agents").body()).isEqualTo(before);
        Reply ready = client.get("/health/ready", null);
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json().get("status").asText()).isEqualTo("DEGRADED");
        assertThat(client.get("/status", null)
                        .json()
                        .at("/components/agents/detail")
                        .asText())
                .contains("agent id 'solo' is already defined");

        write("duo.yml", "id: duo\nname: Duo, fixed\n");
        Await.until(
                () -> client.get("/health/ready", null)
                        .json()
                        .at("/checks/agents/status")
                        .asText(),
                "UP"::equals);
        assertThat(client.get("/api/v1/agents/duo").json().get("name").asText()).isEqualTo("Duo, fixed");
    }

    @Test
    @Order(4)
    void aDeletedFileIsRemoved() throws IOException {
        Files.delete(FOLDER.resolve("duo.yml"));
        Await.until(() -> client.get("/api/v1/agents/duo").status(), s -> s == 404);
        assertThat(ids()).isEqualTo("[\"solo\"]");
    }

    private String ids() {
        return client.get("/api/v1/agents").json().get("data").findValuesAsText("id").stream()
                .map(id -> "\"" + id + "\"")
                .toList()
                .toString()
                .replace(" ", "");
    }

    private void awaitDegraded(String detailStart) {
        Await.until(
                () -> client.get("/health/ready", null).json().at("/checks/agents"),
                c -> c.get("status").asText().equals("DEGRADED")
                        && c.get("detail").asText().contains(detailStart));
    }

    private static void write(String name, String text) throws IOException {
        Files.writeString(FOLDER.resolve(name), text);
    }

    private static Path existingFolder() {
        try {
            Path folder = Files.createDirectory(
                    Files.createTempDirectory("helix-agents-reload").resolve("agents"));
            Files.writeString(folder.resolve("solo.yaml"), "id: solo\nname: Solo\n");
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
