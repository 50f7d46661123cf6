package dev.helix.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helix.access.Role;
import dev.helix.testing.HelixClient;
import dev.helix.testing.HelixServerExtension;
import dev.helix.testing.TestConfigs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** With {@code messaging.consumeRole: admin}, any key may post but only admins take, acknowledge and answer. */
class MessagingRolesTest {
    private static final String JSON = "application/json";

    @RegisterExtension
    static HelixServerExtension server = new HelixServerExtension().config(c -> TestConfigs.consumeRole(c, Role.ADMIN));

    private final HelixClient client = server.client();

    @Test
    void aUserKeyPostsButOnlyAnAdminKeyTakesAndAcknowledges() {
        String user = client.createKey("poster", "user");
        HelixClient.Reply posted =
                client.send("POST", "/api/v1/agents/coder/messages", user, JSON, "{\"type\":\"task\"}");
        assertThat(posted.status()).isEqualTo(202);
        String id = posted.json().get("id").asText();
        String path = "/api/v1/agents/coder/messages";

        assertThat(client.get(path, user).status()).isEqualTo(403);
        assertThat(client.send("POST", path + "/" + id + "/ack", user, null, null)
                        .status())
                .isEqualTo(403);
        assertThat(client.send("POST", path + "/" + id + "/nack", user, null, null)
                        .status())
                .isEqualTo(403);
        assertThat(client.send("POST", path + "/" + id + "/reply", user, JSON, "{\"type\":\"a\"}")
                        .status())
                .isEqualTo(403);
        assertThat(client.get(path).json().get("data").get(0).get("id").asText())
                .isEqualTo(id);
        assertThat(client.send("POST", path + "/" + id + "/ack", client.adminKey(), null, null)
                        .status())
                .isEqualTo(204);
    }
}
