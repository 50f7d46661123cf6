package dev.helix.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helix.testing.Await;
import dev.helix.testing.HelixClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Edits to the gateway section are applied without a restart; a broken edit keeps the last good configuration. */
@Timeout(60)
class GatewayReloadTest {
    @RegisterExtension
    static final GatewayServer server = new GatewayServer();

    static final GatewayFixture MOCKS = server.mocks;

    private final HelixClient client = server.client();

    @Test
    void anAddedModelIsServedAndABrokenEditKeepsTheLastGoodOne() {
        String added = MOCKS.standardConfig() + """
                    - name: added
                      deployments: [{provider: secondary, model: added-1}]
                """;
        MOCKS.write(added);
        Await.until(
                () -> client.get("/v1/models").json().get("data").findValuesAsText("id"), ids -> ids.contains("added"));
        HelixClient.Reply reply = client.send(
                "POST", "/v1/chat/completions", client.adminKey(), "application/json", GatewayTest.chat("added", ""));
        assertThat(reply.header("x-helix-deployment")).isEqualTo("secondary/added-1");

        MOCKS.write(added.replace("strategy: cost", "strategy: cheapest"));
        Await.until(
                () -> client.get("/health/ready", null)
                        .json()
                        .at("/checks/gateway/status")
                        .asText(),
                "DEGRADED"::equals);
        assertThat(client.get("/health/ready", null)
                        .json()
                        .at("/checks/gateway/detail")
                        .asText())
                .contains("gateway.models[0].strategy")
                .contains("'cheapest'");
        assertThat(client.get("/v1/models").json().get("data").findValuesAsText("id"))
                .contains("added", "fast");

        MOCKS.write(MOCKS.standardConfig());
        Await.until(
                () -> client.get("/health/ready", null)
                        .json()
                        .at("/checks/gateway/status")
                        .asText(),
                "UP"::equals);
        assertThat(client.get("/v1/models").json().get("data").findValuesAsText("id"))
                .doesNotContain("added");
    }
}
