package dev.helix.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helix.testing.CurlExamples;
import dev.helix.testing.CurlExamples.Example;
import dev.helix.testing.HelixClient;
import dev.helix.testing.HelixClient.Reply;
import dev.helix.testing.HelixServerExtension;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@code curl} examples of the "Memory" section of docs/api.md, run in order against a real server with a user
 * key as {@code $KEY}: each must get the status its comment says (or a 2xx); {@code $MEM} is the id of the memory
 * added last.
 */
@Timeout(60)
class MemoryDocsTest {
    @RegisterExtension
    static HelixServerExtension server = new HelixServerExtension();

    private final HelixClient client = server.client();
    private String key;
    private String memory;

    @Test
    void theApiDocsExamplesRunAsWritten() {
        key = client.createKey("docs", "user");
        List<Example> examples = CurlExamples.of("docs/api.md", "## Memory");
        assertThat(examples).hasSizeGreaterThanOrEqualTo(10);
        examples.forEach(this::run);
    }

    private void run(Example e) {
        String path = e.path().replace("$MEM", String.valueOf(memory));
        Reply reply = client.send(
                e.method(), path, key, e.body() == null ? null : "application/json", e.body(), e.headerPairs());
        e.check(reply);
        if (e.method().equals("POST") && path.equals(MemoryApi.MEMORY)) {
            memory = reply.json().get("id").asText();
        }
        if (path.startsWith(MemoryApi.SEARCH)) {
            assertThat(reply.json().get("data")).hasSize(1);
        }
    }
}
