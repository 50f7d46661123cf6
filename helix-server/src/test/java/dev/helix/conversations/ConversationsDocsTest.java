package dev.helix.conversations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helix.testing.CurlExamples;
import dev.helix.testing.CurlExamples.Example;
import dev.helix.testing.HelixClient;
import dev.helix.testing.HelixClient.Reply;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@code curl} examples of the "Conversations" sections of docs/api.md and the README, run in order against a real server whose
 * agents answer through the gateway (a mock provider), with a user key as {@code $KEY}: each must get the status its
 * comment says (or a 2xx); {@code $CONV} is the id of the conversation made last.
 */
@Timeout(60)
class ConversationsDocsTest {
    @RegisterExtension
    static ConversationServer server = new ConversationServer();

    private final HelixClient client = server.client();
    private String key;
    private String conversation;

    @Test
    void theApiDocsExamplesRunAsWritten() {
        key = client.createKey("docs", "user");
        List<Example> examples = CurlExamples.of("docs/api.md", "## Conversations");
        assertThat(examples).hasSizeGreaterThanOrEqualTo(9);
        examples.forEach(this::run);
    }

    @Test
    void theReadmeExamplesRunAsWritten() {
        key = client.createKey("readme", "user");
        List<Example> examples = CurlExamples.of("README.md", "## Conversations");
        assertThat(examples).hasSize(2);
        examples.forEach(this::run);
    }

    private void run(Example e) {
        String path = e.path().replace("$CONV", String.valueOf(conversation));
        Reply reply = client.send(
                e.method(), path, key, e.body() == null ? null : "application/json", e.body(), e.headerPairs());
        e.check(reply);
        if (e.method().equals("POST") && path.equals(ConversationsApi.CONVERSATIONS)) {
            conversation = reply.json().get("id").asText();
        }
        if (e.body() != null && e.body().contains("\"stream\":true")) {
            assertThat(Calls.events(reply.body()).stream().map(Calls.Sse::event))
                    .startsWith("message", "answer", "delta")
                    .endsWith("done");
        } else if (e.body() != null && e.body().contains("!state")) {
            assertThat(reply.json().at("/answer/error").asText()).startsWith("nothing at path '/harmony'");
        }
    }
}
