package dev.helix.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helix.testing.Await;
import dev.helix.testing.HelixClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Providers are probed; one that fails goes last in every order and makes the gateway DEGRADED, not DOWN. */
@Timeout(60)
class GatewayHealthTest {
    @RegisterExtension
    static final GatewayServer server = new GatewayServer();

    static final GatewayFixture MOCKS = server.mocks;

    static {
        MOCKS.write("""
                gateway:
                  healthCheck: {interval: 100ms}
                  providers:
                    - id: dead
                      kind: openai
                      baseUrl: http://127.0.0.1:1/v1
                      timeouts: {connect: 500ms}
                    - id: alive
                      kind: openai
                      baseUrl: %s
                  models:
                    - name: m
                      strategy: ordered
                      deployments: [{provider: dead, model: x}, {provider: alive, model: y}]
                """.formatted(MOCKS.primary.baseUrl()));
    }

    private final HelixClient client = server.client();

    @Test
    void aProviderFailingItsProbeIsTriedLastAndReported() {
        Await.until(
                () -> client.get("/health/ready", null)
                        .json()
                        .at("/checks/gateway/status")
                        .asText(),
                "DEGRADED"::equals);
        assertThat(client.get("/health/ready", null).status()).isEqualTo(200);
        assertThat(client.get("/health/ready", null)
                        .json()
                        .at("/checks/gateway/detail")
                        .asText())
                .contains("dead")
                .contains("could not be reached");
        HelixClient.Reply reply = client.send(
                "POST", "/v1/chat/completions", client.adminKey(), "application/json", GatewayTest.chat("m", ""));
        assertThat(reply.header("x-helix-deployment")).isEqualTo("alive/y");
        assertThat(reply.header("x-helix-attempts")).isEqualTo("1");
        Await.until(() -> MOCKS.primary.requestCount("/v1/models"), n -> n > 0);
    }
}
