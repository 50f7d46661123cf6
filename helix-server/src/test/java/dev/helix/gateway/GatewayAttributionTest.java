package dev.helix.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.testing.Await;
import dev.helix.testing.HelixClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Usage by agent and task: HTTP clients say which with {@code X-Helix-Agent} and {@code X-Helix-Task}, calls from
 * inside Helix in their {@link ChatCall}; usage records, reports and {@code gateway.called} events carry them.
 */
@Timeout(60)
class GatewayAttributionTest {
    @RegisterExtension
    static final GatewayServer server = new GatewayServer();

    private final HelixClient client = server.client();

    private record Key(String id, String secret) {}

    private Key key(String name) {
        JsonNode created =
                client.postJson("/api/v1/keys", "{\"name\":\"" + name + "\"}").json();
        return new Key(created.get("id").asText(), created.get("key").asText());
    }

    private HelixClient.Reply chat(Key key, String... headers) {
        return client.send(
                "POST",
                "/v1/chat/completions",
                key.secret(),
                "application/json",
                GatewayTest.chat("fast", ""),
                headers);
    }

    private JsonNode usage(Key key, String query) {
        return client.get("/api/v1/usage?groupBy=" + query, key.secret()).json();
    }

    private static List<String> groups(JsonNode report) {
        List<String> out = new ArrayList<>();
        report.get("rows").forEach(r -> out.add(r.get("group").toString()));
        return out;
    }

    @Test
    void httpRequestsAreAttributedByTheirHeaders() {
        Key key = key("outside");
        assertThat(chat(key, "X-Helix-Agent", "coder", "X-Helix-Task", "chat").status())
                .isEqualTo(200);
        assertThat(chat(key, "x-helix-agent", "coder").status()).isEqualTo(200);
        HelixClient.Reply embedded = client.send(
                "POST",
                "/v1/embeddings",
                key.secret(),
                "application/json",
                "{\"model\":\"fast\",\"input\":\"remember this\"}",
                "X-Helix-Agent",
                "researcher",
                "X-Helix-Task",
                "embed");
        assertThat(embedded.status()).isEqualTo(200);
        assertThat(chat(key).status()).isEqualTo(200);

        assertThat(groups(usage(key, "agent,task")))
                .containsExactly(
                        "{\"agent\":\"coder\",\"task\":\"chat\"}",
                        "{\"agent\":\"coder\",\"task\":null}",
                        "{\"agent\":\"researcher\",\"task\":\"embed\"}",
                        "{\"agent\":null,\"task\":null}");
    }

    @Test
    void aHeaderThatIsNotAnAgentIdOrTaskNameIs400NamingItAndRecordedAsInvalid() {
        Key key = key("sloppy");
        HelixClient.Reply badAgent = chat(key, "X-Helix-Agent", "Coder One", "X-Helix-Task", "chat");
        assertThat(badAgent.status()).isEqualTo(400);
        JsonNode error = badAgent.json().get("error");
        assertThat(error.get("param").asText()).isEqualTo("x-helix-agent");
        assertThat(error.get("message").asText())
                .isEqualTo("header x-helix-agent: agent 'Coder One' is not an agent id: use 1 to 64 lower-case "
                        + "letters, digits, '-' and '_', starting with a letter or digit");
        HelixClient.Reply badTask = chat(key, "X-Helix-Task", "t".repeat(33));
        assertThat(badTask.status()).isEqualTo(400);
        assertThat(badTask.json().at("/error/param").asText()).isEqualTo("x-helix-task");
        assertThat(badTask.json().at("/error/message").asText()).contains("is not a task name");

        JsonNode report = usage(key, "agent,task");
        assertThat(groups(report))
                .containsExactly("{\"agent\":null,\"task\":\"chat\"}", "{\"agent\":null,\"task\":null}");
        assertThat(report.get("total").get("refused").get("invalid").asInt()).isEqualTo(2);
    }

    @Test
    void callsFromInsideHelixCarryTheirAgentAndTaskToUsageAndEvents() {
        Key key = key("inside");
        GatewayCalls calls = server.calls();
        List<ChatCall.Message> hello = List.of(ChatCall.Message.user("Hello"));
        calls.chat(ChatCall.of(key.id(), "in-1", "fast", hello).attributedTo("coordinator", "chat"));
        calls.chat(ChatCall.of(key.id(), "in-2", "fast", hello).attributedTo("coordinator", "summarise"));
        calls.chat(ChatCall.of(key.id(), "in-3", "fast", hello).streamed().attributedTo("coordinator", "summarise"));
        calls.embeddings(
                EmbeddingsCall.of(key.id(), "in-4", "fast", List.of("a fact")).attributedTo("critic", "embed"));
        calls.chat(ChatCall.of(key.id(), "in-5", "nope", hello).attributedTo("critic", "chat"));

        JsonNode report = usage(key, "agent,task");
        assertThat(groups(report))
                .containsExactly(
                        "{\"agent\":\"coordinator\",\"task\":\"chat\"}",
                        "{\"agent\":\"coordinator\",\"task\":\"summarise\"}",
                        "{\"agent\":\"critic\",\"task\":\"chat\"}",
                        "{\"agent\":\"critic\",\"task\":\"embed\"}");
        assertThat(report.get("rows").get(1).get("requests").asInt()).isEqualTo(2);
        assertThat(report.get("rows").get(2).get("refused").get("invalid").asInt())
                .isEqualTo(1);

        JsonNode events = Await.until(
                () -> client.get("/api/v1/event-log?types=gateway.called&limit=1000", key.secret())
                        .json()
                        .get("events"),
                e -> e.size() == 5);
        JsonNode first = events.get(0).get("data");
        assertThat(first.get("requestId").asText()).isEqualTo("in-1");
        assertThat(first.get("agent").asText()).isEqualTo("coordinator");
        assertThat(first.get("task").asText()).isEqualTo("chat");
    }
}
