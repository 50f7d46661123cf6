package dev.helix.synthesis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helix.testing.CurlExamples;
import dev.helix.testing.CurlExamples.Example;
import dev.helix.testing.HelixClient.Reply;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The {@code curl} examples of the "Memory synthesis" section of docs/api.md, run in order against a real server
 * whose agents answer and synthesise through the gateway (a mock provider), with a user key as {@code $KEY}, a
 * conversation in which alice said a few things as {@code $CONV} and the run asked for last as {@code $RUN}; each
 * must get the status its comment says.
 */
@Timeout(60)
class SynthesisDocsTest {
    @Test
    void theApiDocsExamplesRunAsWritten() throws IOException {
        try (SynthesisFixture helix = SynthesisFixture.start("sqlite", s -> s)) {
            String key = helix.key("docs");
            String conversation = helix.conversation(key, "alice");
            helix.say(key, "alice", conversation, "I live in Porto and I work as a nurse.");
            List<Example> examples = CurlExamples.of("docs/api.md", "## Memory synthesis");
            assertThat(examples).hasSize(5);
            String run = "";
            for (Example e : examples) {
                String path = e.path().replace("$CONV", conversation).replace("$RUN", run);
                Reply reply = helix.client.send(
                        e.method(), path, key, e.body() == null ? null : "application/json", e.body(), e.headerPairs());
                e.check(reply);
                if (path.endsWith("/synthesise")) {
                    run = reply.json().get("id").asText();
                    assertThat(helix.awaitEnd(key, "alice", run).get("status").asText())
                            .isEqualTo("done");
                }
                if (path.startsWith("/api/v1/memory?")) {
                    assertThat(reply.json().get("data")).hasSize(2);
                }
            }
        }
    }
}
