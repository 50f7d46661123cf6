package dev.helix.agents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.testing.HelixClient;
import dev.helix.testing.HelixClient.Reply;
import dev.helix.testing.HelixServerExtension;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AgentsApiTest {
    @RegisterExtension
    static HelixServerExtension server = new HelixServerExtension();

    private final HelixClient client = server.client();

    @Test
    void aFreshAgentsFolderIsSeededWithTheDefaultCollective() throws IOException {
        Path folder = server.helix().config().storage().agentsFolder();
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted())
                    .containsExactly("coder.yaml", "coordinator.yaml", "critic.yaml", "researcher.yaml");
        }
        try (Stream<Path> siblings = Files.list(folder.getParent())) {
            assertThat(siblings.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".seed-"));
        }
    }

    @Test
    void listsEveryAgentSortedById() {
        Reply list = client.get("/api/v1/agents");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.header("Content-Type")).isEqualTo("application/json");
        JsonNode data = list.json().get("data");
        assertThat(data.findValuesAsText("id")).containsExactly("coder", "coordinator", "critic", "researcher");
        JsonNode coordinator = data.get(1);
        assertThat(coordinator.get("name").asText()).isEqualTo("Coordinator");
        assertThat(coordinator.get("persona").asText())
                .startsWith("You are the coordinator")
                .hasSizeGreaterThan(300);
        assertThat(coordinator.get("model").asText()).isEqualTo("smart");
        assertThat(coordinator.get("models").toString()).isEqualTo("{\"summarise\":\"fast\",\"synthesise\":\"fast\"}");
        assertThat(data.get(2).get("models").toString()).isEqualTo("{}");
        assertThat(coordinator.get("commands").toString()).isEqualTo("[\"*\"]");
        assertThat(coordinator.properties())
                .extracting(java.util.Map.Entry::getKey)
                .containsExactly(
                        "id", "name", "description", "persona", "model", "models", "temperature", "commands", "tags");
    }

    @Test
    void getsOneAgentById() {
        Reply one = client.get("/api/v1/agents/critic");
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json().get("id").asText()).isEqualTo("critic");
        assertThat(one.json().get("tags").toString()).isEqualTo("[\"review\",\"quality\"]");
    }

    @Test
    void anUnknownIdIsAProblemNamingIt() {
        Reply missing = client.get("/api/v1/agents/nobody");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(missing.json().get("type").asText()).isEqualTo("urn:helix:problem:agent-not-found");
        assertThat(missing.json().get("detail").asText()).isEqualTo("no agent has id 'nobody'");
        assertThat(missing.json().get("instance").asText()).isEqualTo(missing.header("X-Request-Id"));
    }

    @Test
    void anyKeyMayReadAgentsButNoKeyMayNot() {
        assertThat(client.get("/api/v1/agents", null).status()).isEqualTo(401);
        assertThat(client.get("/api/v1/agents/coder", null).status()).isEqualTo(401);
        String user = client.postJson("/api/v1/keys", "{\"name\":\"agents-reader\"}")
                .json()
                .get("key")
                .asText();
        assertThat(client.get("/api/v1/agents", user).status()).isEqualTo(200);
        assertThat(client.get("/api/v1/agents/coder", user).status()).isEqualTo(200);
    }

    @Test
    void headAnswersWithoutABody() {
        Reply head = client.send(client.request("/api/v1/agents", client.adminKey())
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
    }

    @Test
    void healthReportsAgentsUp() {
        Reply ready = client.get("/health/ready", null);
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json().at("/checks/agents/status").asText()).isEqualTo("UP");
    }
}
