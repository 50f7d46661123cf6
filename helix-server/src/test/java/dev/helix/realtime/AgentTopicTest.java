package dev.helix.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.access.Role;
import dev.helix.testing.HelixClient;
import dev.helix.testing.HelixServerExtension;
import dev.helix.testing.TestConfigs;
import dev.helix.testing.WsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The {@code agent:<id>} topic pushes each message posted to the mailbox; only consumers may follow it. */
@Timeout(60)
class AgentTopicTest {
    private static final String JSON = "application/json";

    @RegisterExtension
    static HelixServerExtension server = new HelixServerExtension().config(c -> TestConfigs.consumeRole(c, Role.ADMIN));

    private final HelixClient client = server.client();

    @Test
    void aConsumerIsPushedEachPostedMessageAndTakesItThroughTheApi() {
        try (WsClient ws = WsClient.connect(client.base(), RealtimeApi.REALTIME, client.adminKey())) {
            ws.send("{\"type\":\"subscribe\",\"topic\":\"agent:coder\"}");
            JsonNode snapshot = ws.next("snapshot");
            assertThat(snapshot.at("/data/agent").asText()).isEqualTo("coder");
            assertThat(snapshot.at("/data/waiting").has("high")).isTrue();
            ws.next("subscribed");

            String id = post("coder", "{\"type\":\"task\",\"priority\":\"high\",\"data\":{\"n\":1}}");
            post("critic", "{\"type\":\"other\"}");
            JsonNode pushed = ws.next("event");
            assertThat(pushed.get("topic").asText()).isEqualTo("agent:coder");
            assertThat(pushed.get("event").asText()).isEqualTo("messages.posted");
            assertThat(pushed.at("/data/id").asText()).isEqualTo(id);
            assertThat(pushed.at("/data/priority").asText()).isEqualTo("high");
            assertThat(pushed.at("/data/type").asText()).isEqualTo("task");
            assertThat(pushed.at("/data/data").isMissingNode())
                    .as("the content is taken through the mailbox")
                    .isTrue();

            JsonNode taken = client.get("/api/v1/agents/coder/messages").json();
            assertThat(taken.at("/data/0/id").asText()).isEqualTo(id);

            long offset = pushed.get("offset").asLong();
            String second = post("coder", "{\"type\":\"task\"}");
            assertThat(ws.next("event").at("/data/id").asText()).isEqualTo(second);
            try (WsClient again = WsClient.connect(client.base(), RealtimeApi.REALTIME, client.adminKey())) {
                again.send("{\"type\":\"subscribe\",\"topic\":\"agent:coder\",\"since\":" + offset + "}");
                assertThat(again.next().at("/data/id").asText())
                        .as("a resume gets the posts it missed")
                        .isEqualTo(second);
                assertThat(again.next().get("type").asText()).isEqualTo("subscribed");
            }
        }
    }

    @Test
    void keysBelowTheConsumeRoleAndUnknownAgentsAreRefused() {
        String user = client.createKey("watcher", "user");
        try (WsClient ws = WsClient.connect(client.base(), RealtimeApi.REALTIME, user)) {
            ws.send("{\"type\":\"subscribe\",\"topic\":\"agent:coder\"}");
            JsonNode error = ws.next("error");
            assertThat(error.get("code").asText()).isEqualTo("forbidden-topic");
            assertThat(error.get("message").asText()).contains("admin");
            ws.send("{\"type\":\"subscribe\",\"topic\":\"agent:nobody\"}");
            assertThat(ws.next("error").get("code").asText()).isEqualTo("unknown-topic");
        }
        assertThat(client.get(RealtimeApi.EVENTS + "?topics=agent:coder", user).status())
                .isEqualTo(403);
        assertThat(client.get(RealtimeApi.EVENTS + "?topics=agent:nobody").status())
                .isEqualTo(400);
    }

    private String post(String agent, String body) {
        HelixClient.Reply r =
                client.send("POST", "/api/v1/agents/" + agent + "/messages", client.adminKey(), JSON, body);
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        return r.json().get("id").asText();
    }
}
