package dev.helix.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.testing.HelixClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A router is called like a model: each request goes to the model of the tier it is judged to be (or that
 * {@code X-Helix-Tier} names), whole or streamed, in process too, and usage is recorded under that model.
 */
@Timeout(60)
class GatewayRoutersTest {
    @RegisterExtension
    static final GatewayServer server = new GatewayServer();

    static {
        server.mocks.write(server.mocks.standardConfig()
                + "  routers:\n    - name: auto\n      tiers: {simple: fast, medium: fast, reasoning: claude}\n");
    }

    private static final String HARD = "Prove by induction that the sum of the first n odd numbers is n squared, and "
            + "derive the closed form step by step, formally.";

    private final HelixClient client = server.client();

    private static String ask(String text, String extra) {
        return "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]" + extra + "}";
    }

    private HelixClient.Reply post(String body, String... headers) {
        return client.send("POST", "/v1/chat/completions", client.adminKey(), "application/json", body, headers);
    }

    @Test
    void simpleWorkGoesToTheCheapModelAndHardWorkToTheStrongOne() {
        HelixClient.Reply simple = post(ask("hi!", ""));
        assertThat(simple.status()).as(simple.body()).isEqualTo(200);
        assertThat(simple.header("x-helix-tier")).isEqualTo("simple");
        assertThat(simple.header("x-helix-deployment")).isEqualTo("primary/cheap-1");

        HelixClient.Reply hard = post(ask(HARD, ""));
        assertThat(hard.status()).as(hard.body()).isEqualTo(200);
        assertThat(hard.header("x-helix-tier")).isEqualTo("reasoning");
        assertThat(hard.header("x-helix-deployment")).isEqualTo("claude/claude-test");

        HelixClient.Reply complex = post(ask("Why does this fail? `list.get(3);`\\n```java\\nint x;\\n```", ""));
        assertThat(complex.header("x-helix-tier")).isEqualTo("complex");
        assertThat(complex.header("x-helix-deployment"))
                .as("no model for complex: the nearest tier above answers")
                .isEqualTo("claude/claude-test");

        String metrics = client.get("/metrics").body();
        assertThat(metrics)
                .contains("helix_gateway_routed_total{router=\"auto\",tier=\"simple\"} ")
                .contains("helix_gateway_routed_total{router=\"auto\",tier=\"reasoning\"} ");
        JsonNode usage = client.get("/api/v1/usage?groupBy=model").json();
        List<String> models = new ArrayList<>();
        usage.get("rows").forEach(r -> models.add(r.get("group").asText()));
        assertThat(models).as("usage is recorded under the model that answered").contains("fast", "claude");
    }

    @Test
    void theCallerMayNameTheTierAndAWrongOneIsRefused() {
        HelixClient.Reply forced = post(ask("hi!", ""), "X-Helix-Tier", "reasoning");
        assertThat(forced.status()).as(forced.body()).isEqualTo(200);
        assertThat(forced.header("x-helix-tier")).isEqualTo("reasoning");
        assertThat(forced.header("x-helix-deployment")).isEqualTo("claude/claude-test");

        HelixClient.Reply wrong = post(ask("hi!", ""), "X-Helix-Tier", "hard");
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.json().at("/error/message").asText()).contains("X-Helix-Tier", "'hard' is not a tier");
    }

    @Test
    void aStreamSaysItsTierAndTheCacheKeepsTiersApart() {
        HelixClient.Reply streamed = post(ask(HARD, ",\"stream\":true"));
        assertThat(streamed.status()).isEqualTo(200);
        assertThat(streamed.header("x-helix-tier")).isEqualTo("reasoning");
        assertThat(streamed.body()).contains("data: [DONE]");

        String cached = ask("hi there!", ",\"temperature\":0");
        assertThat(post(cached).header("x-helix-cache")).isEqualTo("miss");
        assertThat(post(cached).header("x-helix-cache")).isEqualTo("hit");
        HelixClient.Reply other = post(cached, "X-Helix-Tier", "reasoning");
        assertThat(other.header("x-helix-cache"))
                .as("the same request sent to another tier's model is another answer")
                .isEqualTo("miss");
        assertThat(other.header("x-helix-deployment")).isEqualTo("claude/claude-test");
    }

    @Test
    void theRouterIsListedAndCallableFromInsideHelix() {
        JsonNode models = client.get("/v1/models").json().get("data");
        List<String> ids = new ArrayList<>();
        models.forEach(m -> ids.add(m.get("id").asText()));
        assertThat(ids).contains("fast", "claude", "auto");

        GatewayCalls calls = server.calls();
        String keyId = client.get("/api/v1/me").json().get("id").asText();
        ChatResult result = calls.chat(ChatCall.of(keyId, "routed-1", "auto", List.of(ChatCall.Message.user(HARD))));
        assertThat(result.complete()).as(String.valueOf(result.error())).isTrue();
        assertThat(result.deployment()).isEqualTo("claude/claude-test");
        assertThat(calls.contextWindow("auto"))
                .as("the smallest window of the router's models")
                .isEqualTo(Math.min(calls.contextWindow("fast"), calls.contextWindow("claude")));
    }
}
