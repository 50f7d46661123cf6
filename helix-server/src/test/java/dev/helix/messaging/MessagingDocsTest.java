package dev.helix.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.testing.CurlExamples;
import dev.helix.testing.CurlExamples.Example;
import dev.helix.testing.HelixClient;
import dev.helix.testing.HelixClient.Reply;
import dev.helix.testing.HelixServerExtension;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@code curl} examples of the "Agent messaging" sections of docs/api.md and the README, run in order against a
 * real server: each must get the status its comment says (or a 2xx); {@code $MSG} is the id of the message the
 * last take returned. The request example is answered meanwhile, as the agent asked would.
 */
@Timeout(60)
class MessagingDocsTest {
    private static final String HEADING = "## Agent messaging";

    @RegisterExtension
    static HelixServerExtension server = new HelixServerExtension();

    private final HelixClient client = server.client();
    private String lastTaken;

    @Test
    void theApiDocsExamplesRunAsWritten() {
        List<Example> examples = CurlExamples.of("docs/api.md", HEADING);
        assertThat(examples).hasSizeGreaterThanOrEqualTo(8);
        examples.forEach(this::run);
        Example once = examples.stream()
                .filter(e -> e.headers().containsKey("Idempotency-Key"))
                .findFirst()
                .orElseThrow();
        Reply again = send(once, once.path());
        assertThat(again.header("Idempotent-Replayed"))
                .as("posted again as the example says")
                .isEqualTo("true");
    }

    @Test
    void theReadmeExamplesRunAsWritten() {
        List<Example> examples = CurlExamples.of("README.md", HEADING);
        assertThat(examples).hasSize(2);
        examples.forEach(this::run);
    }

    private void run(Example e) {
        String path = e.path().replace("$MSG", String.valueOf(lastTaken));
        if (path.contains("/requests")) {
            CompletableFuture<Reply> asking = CompletableFuture.supplyAsync(() -> send(e, path));
            answerTheRequest();
            e.check(asking.join());
            assertThat(asking.join().json().at("/reply/data/verdict").asText()).isEqualTo("ok");
            return;
        }
        Reply reply = send(e, path);
        e.check(reply);
        if (e.method().equals("GET")) {
            JsonNode data = reply.json().get("data");
            assertThat(data).as(path + " took nothing").isNotEmpty();
            lastTaken = data.get(0).get("id").asText();
        }
    }

    private Reply send(Example e, String path) {
        return client.send(
                e.method(),
                path,
                client.adminKey(),
                e.body() == null ? null : "application/json",
                e.body(),
                e.headerPairs());
    }

    /** Takes the critic's messages until the request's comes, and answers it. */
    private void answerTheRequest() {
        while (true) {
            for (JsonNode m : client.get("/api/v1/agents/critic/messages?wait=1s&max=100")
                    .json()
                    .get("data")) {
                if (m.at("/data/text").asText().equals("the plan")) {
                    Reply answered = client.send(
                            "POST",
                            "/api/v1/agents/critic/messages/" + m.get("id").asText() + "/reply",
                            client.adminKey(),
                            "application/json",
                            "{\"type\":\"review.done\",\"data\":{\"verdict\":\"ok\"}}");
                    assertThat(answered.status()).isEqualTo(202);
                    return;
                }
            }
        }
    }
}
