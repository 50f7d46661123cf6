package dev.helix.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.Helix;
import dev.helix.auth.KeySecrets;
import dev.helix.config.ConfigLoader;
import dev.helix.config.HelixConfig;
import dev.helix.testing.HelixClient;
import dev.helix.testing.HelixServerExtension;
import dev.helix.testkit.MockLlmServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Try it without a provider account", as written there: its {@code helix.yaml} and its request, against
 * the mock provider that {@code helix-testkit/mock-llm} runs (here on a free port instead of 8090).
 */
@Timeout(60)
class TryWithoutProviderTest {
    private static final Path ROOT = Path.of(System.getProperty("helix.repoRoot", ".."));
    private static final String HEADING = "### Try it without a provider account";
    private static final String MOCK_URL = "http://127.0.0.1:8090/v1";
    private static final String CURL = "curl -s localhost:18080/v1/chat/completions";

    @TempDir
    Path dir;

    @Test
    void theReadmesConfigurationAndRequestGetTheMocksAnswer() throws IOException {
        String section = section(Files.readString(ROOT.resolve("README.md")));
        String yaml = between(section, "```yaml\n", "```");
        String body = between(section.substring(section.indexOf(CURL)), "-d '", "'");
        assertThat(yaml).contains(MOCK_URL);
        assertThat(section).contains("helix-testkit/mock-llm").contains("--port 18080");
        assertThat(Files.isExecutable(ROOT.resolve("helix-testkit/mock-llm"))).isTrue();

        try (MockLlmServer mock = MockLlmServer.start();
                Helix helix = Helix.create(config(yaml.replace(MOCK_URL, mock.baseUrl())))
                        .start()) {
            HelixClient client = new HelixClient(
                    "http://127.0.0.1:" + helix.port(), helix.config().auth().adminKey());
            HelixClient.Reply reply = client.postJson("/v1/chat/completions", body);

            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.header("x-helix-deployment")).isEqualTo("mock/gpt-4o-mini");
            JsonNode message = reply.json().get("choices").get(0).get("message");
            assertThat(message.get("content").asText()).isEqualTo("mock reply to: Hello");
            JsonNode usage = client.get("/api/v1/usage").json();
            assertThat(usage.get("total").get("requests").asInt()).isEqualTo(1);
            assertThat(usage.get("total").get("costUsd").asDouble()).isPositive();
        }
    }

    /** The configuration of a node started with {@code yaml} as its file, on a free port and a temporary folder. */
    private HelixConfig config(String yaml) throws IOException {
        Path file = Files.writeString(dir.resolve("helix.yaml"), yaml);
        HelixConfig fromFile =
                ConfigLoader.builder().file(file).env(Map.of()).load().config();
        HelixConfig test = HelixServerExtension.testConfig(dir.resolve("data"), KeySecrets.generate());
        return fromFile.toBuilder()
                .server(test.server())
                .auth(test.auth())
                .storage(test.storage())
                .build();
    }

    private static String section(String readme) {
        int start = readme.indexOf(HEADING);
        assertThat(start).as("README.md has a section '%s'", HEADING).isNotNegative();
        int end = readme.indexOf("\n## ", start);
        return readme.substring(start, end < 0 ? readme.length() : end);
    }

    private static String between(String text, String open, String close) {
        int from = text.indexOf(open);
        assertThat(from).as("'%s' in the section", open).isNotNegative();
        from += open.length();
        return text.substring(from, text.indexOf(close, from));
    }
}
