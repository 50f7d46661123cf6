package dev.helix.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.testing.Await;
import dev.helix.testing.HelixClient;
import dev.helix.testing.HelixClient.Reply;
import dev.helix.testing.HelixServerExtension;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The collective's commands end to end: status, agents, agent, state, state set, and agents' command lists. */
@Timeout(60)
class CollectiveCommandsTest {
    @RegisterExtension
    static HelixServerExtension server = new HelixServerExtension();

    private final HelixClient client = server.client();

    private Reply chat(String text) {
        return chat(text, client.adminKey());
    }

    private Reply chat(String text, String key) {
        return client.postJson("/api/v1/commands", "{\"text\":" + quote(text) + "}", key);
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Test
    void statusReportsTheNodeAndTheCollective() {
        JsonNode result = chat("!status").json().get("result");
        assertThat(result.get("status").asText()).isEqualTo("UP");
        assertThat(result.get("collective").get("agents").asInt()).isEqualTo(4);
        assertThat(client.get("/status").json().get("collective").has("stateVersion"))
                .isTrue();
    }

    @Test
    void agentsAndOneAgent() {
        JsonNode list = chat("!agents").json().get("result");
        assertThat(list).extracting(a -> a.get("id").asText()).contains("coordinator", "critic");
        assertThat(chat("!agent critic").json().get("result").get("persona").asText())
                .isNotBlank();
        Reply unknown = chat("!agent nobody");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("detail").asText()).contains("nobody").contains("coordinator");
    }

    @Test
    void stateSetWritesAndStateReadsWithCachingUntilTheStateChanges() throws InterruptedException {
        Reply set = chat("!state set /harmony {\"level\": 3, \"mood\": \"calm\"}");
        assertThat(set.status()).isEqualTo(200);
        long version = set.json().get("result").get("version").asLong();
        assertThat(client.get("/api/v1/state")
                        .json()
                        .get("harmony")
                        .get("level")
                        .asInt())
                .isEqualTo(3);
        assertThat(client.get("/api/v1/state/history?limit=1")
                        .json()
                        .get("data")
                        .get(0)
                        .get("via")
                        .asText())
                .isEqualTo("command");

        JsonNode first = chat("!state /harmony/level").json();
        assertThat(first.get("result").get("value").asInt()).isEqualTo(3);
        // the set's state.changed clears the result cache asynchronously, so an early read may come after it
        Await.until(
                "a repeated read to be answered from the result cache",
                () -> chat("!state /harmony/level").json().get("cached").asBoolean());

        assertThat(chat("!state set /harmony/level 4").status()).isEqualTo(200);
        JsonNode fresh = awaitUncachedValue("!state /harmony/level", 4);
        assertThat(fresh.get("result").get("version").asLong()).isEqualTo(version + 1);

        assertThat(chat("!state set /harmony/mood happy")
                        .json()
                        .get("result")
                        .get("value")
                        .asText())
                .isEqualTo("happy");
        assertThat(chat("!state /nothing/here").status()).isEqualTo(404);
        assertThat(chat("!state set harmony 1").status()).isEqualTo(400);
    }

    private JsonNode awaitUncachedValue(String text, int expected) {
        return Await.until(
                Duration.ofSeconds(10),
                () -> chat(text).json(),
                reply -> reply.get("result").get("value").asInt() == expected);
    }

    @Test
    void stateSetNeedsTheWriteRole() {
        String user = client.createKey("commands-user", "user");
        assertThat(chat("!state", user).status()).isEqualTo(200);
        Reply denied = chat("!state set /x 1", user);
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.json().get("detail").asText()).contains("admin");
    }

    @Test
    void agentsRunOnlyTheCommandsTheirDefinitionLists() {
        Reply allowed = client.postJson("/api/v1/commands/agents", "{\"agent\":\"critic\"}");
        assertThat(allowed.status()).isEqualTo(200);
        Reply denied = client.postJson(
                "/api/v1/commands/state.set", "{\"agent\":\"critic\",\"args\":{\"path\":\"/x\",\"value\":1}}");
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.json().get("detail").asText()).contains("critic");
        Reply everything = client.postJson(
                "/api/v1/commands/state.set", "{\"agent\":\"coordinator\",\"args\":{\"path\":\"/x\",\"value\":1}}");
        assertThat(everything.status()).isEqualTo(200);
        assertThat(client.postJson("/api/v1/commands/agents", "{\"agent\":\"ghost\"}")
                        .status())
                .isEqualTo(404);
    }
}
