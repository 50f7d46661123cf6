package dev.helix.state;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.testing.Await;
import dev.helix.testing.HelixClient;
import dev.helix.testing.HelixServerExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(60)
class StateFileMirrorTest {
    @RegisterExtension
    static HelixServerExtension server = new HelixServerExtension()
            .config(c -> c.toBuilder()
                    .state(s -> s.file(c.storage().dataDir().resolve("mirror/state.json")))
                    .build());

    private final HelixClient client = server.client();

    private Path file() {
        return server.helix().config().state().file().orElseThrow();
    }

    private JsonNode fileJson() {
        try {
            return dev.helix.internal.Json.mapper().readTree(Files.readAllBytes(file()));
        } catch (IOException e) {
            return null;
        }
    }

    @Test
    void everyVersionIsWrittenToTheFile() throws Exception {
        assertThat(client.send(
                                "PATCH",
                                "/api/v1/state",
                                client.adminKey(),
                                "application/merge-patch+json",
                                "{\"fromApi\":42}",
                                "If-Match",
                                "*")
                        .status())
                .isEqualTo(200);
        Await.until(this::fileJson, j -> j != null && j.path("fromApi").asInt() == 42);
        assertThat(Files.list(file().getParent()).map(p -> p.getFileName().toString()))
                .containsExactly("state.json");
    }

    @Test
    void anEditOfTheFileBecomesANewVersion() throws Exception {
        Path tmp = file().resolveSibling("edit.tmp");
        Files.writeString(tmp, "{\"edited\": \"by rename\"}");
        Files.move(tmp, file(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Await.until(
                () -> client.get("/api/v1/state").json(),
                j -> j.path("edited").asText().equals("by rename"));

        Files.writeString(file(), "{\"edited\": \"in place\"}");
        Await.until(
                () -> client.get("/api/v1/state").json(),
                j -> j.path("edited").asText().equals("in place"));
        JsonNode newest =
                client.get("/api/v1/state/history?limit=1").json().get("data").get(0);
        assertThat(newest.get("via").asText()).isEqualTo("file");
        assertThat(newest.get("author").asText()).isEqualTo("state.json");
    }

    @Test
    void aWriteRightAfterAnEditOfTheFileDoesNotLoseTheEdit() throws Exception {
        for (int i = 0; i < 20; i++) {
            Path tmp = file().resolveSibling("race.tmp");
            Files.writeString(tmp, "{\"fromFile\": " + i + "}");
            Files.move(tmp, file(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            assertThat(client.send(
                                    "PATCH",
                                    "/api/v1/state",
                                    client.adminKey(),
                                    "application/merge-patch+json",
                                    "{\"fromApi\": " + i + "}",
                                    "If-Match",
                                    "*")
                            .status())
                    .isEqualTo(200);
            JsonNode now = client.get("/api/v1/state").json();
            assertThat(now.path("fromFile").asInt(-1)).as("edit %d kept", i).isEqualTo(i);
            assertThat(now.path("fromApi").asInt(-1)).isEqualTo(i);
        }
    }

    @Test
    void anInvalidEditIsReportedAndIgnoredUntilFixed() throws Exception {
        Files.writeString(file(), "{\"good\": 1}");
        Await.until(
                () -> client.get("/api/v1/state").json(), j -> j.path("good").asInt() == 1);
        String etag = client.get("/api/v1/state").header("ETag");

        Files.writeString(file(), "{\"good\": ");
        JsonNode ready = Await.until(
                () -> client.get("/health/ready").json(),
                j -> j.path("checks").path("stateFile").path("status").asText().equals("DEGRADED"));
        assertThat(ready.get("status").asText()).isEqualTo("DEGRADED");
        assertThat(ready.get("checks").get("stateFile").get("detail").asText()).contains("not valid JSON");
        assertThat(client.get("/health/ready").status()).isEqualTo(200);
        assertThat(client.get("/api/v1/state").header("ETag")).isEqualTo(etag);

        Files.writeString(file(), "[1, 2]");
        Await.until(
                () -> client.get("/health/ready").json(),
                j -> j.path("checks").path("stateFile").path("detail").asText().contains("JSON object"));

        Files.writeString(file(), "{\"good\": 2}");
        Await.until(
                () -> client.get("/api/v1/state").json(), j -> j.path("good").asInt() == 2);
        Await.until(
                () -> client.get("/health/ready").json(),
                j -> j.path("status").asText().equals("UP"));
    }
}
