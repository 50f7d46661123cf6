package dev.helix.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helix.Helix;
import dev.helix.auth.KeySecrets;
import dev.helix.config.HelixConfig;
import dev.helix.internal.Folders;
import dev.helix.testing.HelixClient;
import dev.helix.testing.HelixServerExtension;
import dev.helix.testing.TestServices;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Two Helix nodes on one PostgreSQL database: the database decides which of two racing writes wins. */
@Timeout(60)
class StateOnTwoNodesTest {
    @Test
    void aWriteBasedOnAVersionAnotherNodeAlreadyReplacedIsRefusedAndTheLoserCatchesUp() throws Exception {
        String url = TestServices.postgresSchemaUrl();
        String key = KeySecrets.generate();
        Path dirA = Files.createTempDirectory("helix-a");
        Path dirB = Files.createTempDirectory("helix-b");
        try (Helix a = Helix.create(node(dirA, key, url)).start();
                Helix b = Helix.create(node(dirB, key, url)).start()) {
            HelixClient clientA = new HelixClient("http://127.0.0.1:" + a.port(), key);
            HelixClient clientB = new HelixClient("http://127.0.0.1:" + b.port(), key);
            String etag = clientB.get("/api/v1/state").header("ETag");

            assertThat(patch(clientA, "{\"from\":\"a\"}", etag).status()).isEqualTo(200);
            HelixClient.Reply lost = patch(clientB, "{\"from\":\"b\"}", etag);
            assertThat(lost.status()).isEqualTo(412);

            HelixClient.Reply caughtUp = clientB.get("/api/v1/state");
            assertThat(caughtUp.json().get("from").asText()).isEqualTo("a");
            assertThat(patch(clientB, "{\"from\":\"b\"}", caughtUp.header("ETag"))
                            .status())
                    .isEqualTo(200);
        } finally {
            TestServices.dropSchema(url);
            Folders.deleteTree(dirA);
            Folders.deleteTree(dirB);
        }
    }

    private static HelixClient.Reply patch(HelixClient client, String body, String ifMatch) {
        return client.send(
                "PATCH", "/api/v1/state", client.adminKey(), "application/merge-patch+json", body, "If-Match", ifMatch);
    }

    private static HelixConfig node(Path dir, String key, String url) {
        HelixConfig c = HelixServerExtension.testConfig(dir, key);
        return c.toBuilder().storage(s -> s.databaseUrl(url)).build();
    }
}
