package dev.helix.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helix.testing.HelixClient;
import dev.helix.testing.TwoNodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Two Helix nodes on one PostgreSQL database: the database decides which of two racing writes wins. */
@Timeout(60)
class StateOnTwoNodesTest {
    @Test
    void aWriteBasedOnAVersionAnotherNodeAlreadyReplacedIsRefusedAndTheLoserCatchesUp() throws Exception {
        try (TwoNodes nodes = TwoNodes.start()) {
            HelixClient clientA = nodes.clientA();
            HelixClient clientB = nodes.clientB();
            String etag = clientB.get("/api/v1/state").header("ETag");

            assertThat(patch(clientA, "{\"from\":\"a\"}", etag).status()).isEqualTo(200);
            HelixClient.Reply lost = patch(clientB, "{\"from\":\"b\"}", etag);
            assertThat(lost.status()).isEqualTo(412);

            HelixClient.Reply caughtUp = clientB.get("/api/v1/state");
            assertThat(caughtUp.json().get("from").asText()).isEqualTo("a");
            assertThat(patch(clientB, "{\"from\":\"b\"}", caughtUp.header("ETag"))
                            .status())
                    .isEqualTo(200);
        }
    }

    private static HelixClient.Reply patch(HelixClient client, String body, String ifMatch) {
        return client.send(
                "PATCH", "/api/v1/state", client.adminKey(), "application/merge-patch+json", body, "If-Match", ifMatch);
    }
}
