package dev.helix.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.testing.Await;
import dev.helix.testing.HelixClient;
import dev.helix.testing.HelixServerExtension;
import dev.helix.testing.WsClient;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(60)
class RealtimeApiTest {
    @RegisterExtension
    static HelixServerExtension server = new HelixServerExtension()
            .config(c -> c.toBuilder()
                    .realtime(s ->
                            s.historySize(3).historyAge(Duration.ofMinutes(5)).heartbeat(Duration.ofMillis(300)))
                    .build());

    private final HelixClient client = server.client();

    private void change(String patch) {
        int status = client.send(
                        "PATCH",
                        "/api/v1/state",
                        client.adminKey(),
                        "application/merge-patch+json",
                        patch,
                        "If-Match",
                        "*")
                .status();
        assertThat(status).isEqualTo(200);
    }

    private WsClient connect() {
        return WsClient.connect(client.base(), "/api/v1/realtime", client.adminKey());
    }

    @Test
    void aSubscriberGetsASnapshotThenEveryChangeInOrder() {
        try (WsClient ws = connect()) {
            ws.send("{\"type\":\"subscribe\",\"topic\":\"state\",\"since\":null}");
            JsonNode snapshot = ws.next();
            assertThat(snapshot.get("type").asText()).isEqualTo("snapshot");
            assertThat(snapshot.get("data").has("version")).isTrue();
            JsonNode subscribed = ws.next();
            assertThat(subscribed.get("type").asText()).isEqualTo("subscribed");
            assertThat(subscribed.get("offset").asLong())
                    .isEqualTo(snapshot.get("offset").asLong());

            change("{\"ws\":1}");
            change("{\"ws\":2}");
            JsonNode first = ws.next("event");
            JsonNode second = ws.next("event");
            assertThat(first.get("topic").asText()).isEqualTo("state");
            assertThat(first.get("event").asText()).isEqualTo("state.changed");
            assertThat(first.get("data").get("patch").get("ws").asInt()).isEqualTo(1);
            assertThat(second.get("data").get("patch").get("ws").asInt()).isEqualTo(2);
            assertThat(second.get("offset").asLong())
                    .isGreaterThan(first.get("offset").asLong());
            assertThat(first.get("offset").asLong())
                    .isGreaterThan(snapshot.get("offset").asLong());
        }
    }

    @Test
    void theAgentsTopicStartsWithTheWholeCollective() {
        try (WsClient ws = connect()) {
            ws.send("{\"type\":\"subscribe\",\"topic\":\"agents\"}");
            JsonNode snapshot = ws.next("snapshot");
            assertThat(snapshot.get("topic").asText()).isEqualTo("agents");
            assertThat(snapshot.get("data").get("data").size()).isPositive();
            assertThat(snapshot.get("data").get("data").get(0).has("persona")).isTrue();
        }
    }

    @Test
    void aClientResumingWithinTheHistoryGetsExactlyWhatItMissed() {
        long offset;
        try (WsClient ws = connect()) {
            ws.send("{\"type\":\"subscribe\",\"topic\":\"state\"}");
            ws.next("snapshot");
            change("{\"resume\":0}");
            offset = ws.next("event").get("offset").asLong();
        }
        change("{\"resume\":1}");
        change("{\"resume\":2}");
        try (WsClient ws = connect()) {
            ws.send("{\"type\":\"subscribe\",\"topic\":\"state\",\"since\":" + offset + "}");
            assertThat(ws.next().get("data").get("patch").get("resume").asInt()).isEqualTo(1);
            assertThat(ws.next().get("data").get("patch").get("resume").asInt()).isEqualTo(2);
            assertThat(ws.next().get("type").asText()).isEqualTo("subscribed");
        }
    }

    @Test
    void aClientResumingBeyondTheHistoryGetsAResetAndASnapshot() {
        long offset;
        try (WsClient ws = connect()) {
            ws.send("{\"type\":\"subscribe\",\"topic\":\"state\"}");
            ws.next("snapshot");
            change("{\"old\":0}");
            offset = ws.next("event").get("offset").asLong();
        }
        for (int i = 1; i <= 4; i++) {
            change("{\"old\":" + i + "}");
        }
        try (WsClient ws = connect()) {
            ws.send("{\"type\":\"subscribe\",\"topic\":\"state\",\"since\":" + offset + "}");
            JsonNode reset = ws.next();
            assertThat(reset.get("type").asText()).isEqualTo("reset");
            assertThat(reset.get("reason").asText()).contains("older than the history");
            JsonNode snapshot = ws.next();
            assertThat(snapshot.get("type").asText()).isEqualTo("snapshot");
            assertThat(snapshot.get("data").get("document").get("old").asInt()).isEqualTo(4);
        }
        try (WsClient ws = connect()) {
            ws.send("{\"type\":\"subscribe\",\"topic\":\"state\",\"since\":5}");
            assertThat(ws.next().get("type").asText()).isEqualTo("reset");
        }
    }

    @Test
    void badMessagesGetErrorsAndTheConnectionLivesOn() {
        try (WsClient ws = connect()) {
            ws.send("not json");
            assertThat(ws.next().get("code").asText()).isEqualTo("invalid-json");
            ws.send("{\"type\":\"subscribe\",\"topic\":\"nope\"}");
            JsonNode unknown = ws.next();
            assertThat(unknown.get("code").asText()).isEqualTo("unknown-topic");
            assertThat(unknown.get("message").asText()).contains("state");
            ws.send("{\"type\":\"dance\"}");
            assertThat(ws.next().get("code").asText()).isEqualTo("unknown-type");
            ws.send("{\"type\":\"subscribe\",\"topic\":\"state\",\"since\":\"x\"}");
            assertThat(ws.next().get("code").asText()).isEqualTo("invalid-since");
            ws.send("{\"type\":\"ping\"}");
            assertThat(ws.next().get("type").asText()).isEqualTo("pong");
        }
    }

    @Test
    void sinceValuesThatAreNotOffsetsAreErrorsRatherThanWrappedOrDropped() {
        try (WsClient ws = connect()) {
            for (String since : List.of("18446744073709551617", "9223372036854775808", "-1", "1e308", "1.0")) {
                ws.send("{\"type\":\"subscribe\",\"topic\":\"state\",\"since\":" + since + "}");
                JsonNode error = ws.next();
                assertThat(error.get("code").asText()).as(since).isEqualTo("invalid-since");
                assertThat(error.get("message").asText())
                        .as(since)
                        .startsWith(
                                "'since' must be an offset this stream "
                                        + "sent: a whole number from 0 to 9223372036854775807 written in digits, or null, not ");
            }
            ws.send("{\"type\":\"ping\"}");
            assertThat(ws.next().get("type").asText()).isEqualTo("pong");
        }
    }

    @Test
    void messagesAreReadStrictly() {
        try (WsClient ws = connect()) {
            ws.send("{\"type\":\"subscribe\",\"topic\":\"state\",\"type\":\"ping\"}");
            JsonNode twice = ws.next();
            assertThat(twice.get("code").asText()).isEqualTo("invalid-json");
            assertThat(twice.get("message").asText()).contains("Duplicate field 'type' (at column");
            ws.send("{\"type\":\"subscribe\",\"topic\":\"state\",\"since\":1e999}");
            JsonNode huge = ws.next();
            assertThat(huge.get("code").asText()).isEqualTo("invalid-json");
            assertThat(huge.get("message").asText()).contains("1e999 in member 'since' is beyond the range");
        }
    }

    @Test
    void binaryAndOversizeMessagesCloseWithAReason() {
        try (WsClient ws = connect()) {
            ws.sendBinary(new byte[] {1, 2, 3});
            assertThat(ws.closeReason()).startsWith("1003").contains("binary");
        }
        try (WsClient ws = connect()) {
            ws.send("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(70_000) + "\"}");
            assertThat(ws.closeReason()).startsWith("1009");
        }
    }

    @Test
    void idleConnectionsArePingedAndPingsAreAnswered() {
        try (WsClient ws = connect()) {
            ws.ping();
            Await.until(
                    "a ping from the server and the pong to ours",
                    Duration.ofSeconds(10),
                    () -> ws.pings() > 0 && ws.pongs() > 0);
        }
    }

    @Test
    void withoutAValidKeyTheUpgradeIsRefused() {
        assertThatThrownBy(() -> WsClient.connect(client.base(), "/api/v1/realtime", null))
                .isInstanceOf(CompletionException.class)
                .cause()
                .isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(
                                ((WebSocketHandshakeException) e).getResponse().statusCode())
                        .isEqualTo(401));
        assertThatThrownBy(() -> WsClient.connect(client.base(), "/api/v1/realtime", "hx_wrong"))
                .cause()
                .isInstanceOf(WebSocketHandshakeException.class);
        try (WsClient ws =
                WsClient.connect(client.base(), "/api/v1/realtime?access_token=" + client.adminKey(), null)) {
            ws.send("{\"type\":\"ping\"}");
            assertThat(ws.next().get("type").asText()).isEqualTo("pong");
        }
    }

    @Test
    void aPlainRequestToTheSocketIsAskedToUpgrade() {
        assertThat(client.get("/api/v1/realtime").status()).isEqualTo(426);
        assertThat(client.get("/api/v1/realtime", null).status()).isEqualTo(401);
    }
}
