package dev.helix.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helix.testing.Await;
import dev.helix.testing.HelixClient;
import dev.helix.testing.HelixServerExtension;
import dev.helix.testing.WsClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A WebSocket client that stops reading is dropped, even while Helix's write to it is blocked. */
@Timeout(120)
class StuckClientTest {
    @RegisterExtension
    static HelixServerExtension server = new HelixServerExtension()
            .config(c -> c.toBuilder().realtime(s -> s.maxPending(4)).build());

    private final HelixClient client = server.client();

    @Test
    void aClientThatNeverReadsIsDisconnectedAndTheOthersCarryOn() throws Exception {
        WebSocket deaf = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .header("Authorization", "Bearer " + client.adminKey())
                .buildAsync(
                        URI.create(client.base().replace("http://", "ws://") + "/api/v1/realtime"),
                        new WebSocket.Listener() {
                            @Override
                            public void onOpen(WebSocket ws) {
                                // never requests a message, so nothing is read from the socket
                            }
                        })
                .join();
        deaf.sendText("{\"type\":\"subscribe\",\"topic\":\"state\"}", true).join();
        assertThat(awaitConnections(1)).isEqualTo(1);

        String blob = "x".repeat(256 * 1024);
        for (int i = 0; i < 80 && connections() > 0; i++) {
            assertThat(client.send(
                                    "PATCH",
                                    "/api/v1/state",
                                    client.adminKey(),
                                    "application/merge-patch+json",
                                    "{\"blob\":\"" + i + blob + "\"}",
                                    "If-Match",
                                    "*")
                            .status())
                    .isEqualTo(200);
        }
        assertThat(awaitConnections(0)).isZero();
        try (WsClient healthy = WsClient.connect(client.base(), "/api/v1/realtime", client.adminKey())) {
            healthy.send("{\"type\":\"ping\"}");
            assertThat(healthy.next().get("type").asText()).isEqualTo("pong");
        }
        deaf.abort();
    }

    private int connections() {
        return client.get("/status")
                .json()
                .get("collective")
                .get("realtimeConnections")
                .asInt();
    }

    private int awaitConnections(int expected) {
        return Await.until(Duration.ofSeconds(30), this::connections, n -> n == expected);
    }
}
