package dev.helix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helix.auth.KeySecrets;
import dev.helix.config.ConfigLoader;
import dev.helix.config.LoadedConfig;
import dev.helix.internal.Folders;
import dev.helix.testing.HelixClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code yaml} example in the README and {@code docs/} is loaded and started, so the docs cannot drift from
 * what Helix accepts: a block with a top-level {@code id:} is an agent file, any other is a whole {@code helix.yaml}.
 */
class DocsExamplesTest {
    static final Path ROOT = Path.of(System.getProperty("helix.repoRoot", ".."));
    private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    @TempDir
    Path dir;

    /** A fenced yaml block: where it is and its text. */
    record Example(String where, String text) {
        boolean isAgentFile() {
            return text.lines().anyMatch(l -> l.startsWith("id:"));
        }
    }

    @TestFactory
    Stream<DynamicTest> everyConfigExampleLoadsAndStarts() {
        return examples().stream()
                .filter(e -> !e.isAgentFile())
                .map(e -> DynamicTest.dynamicTest(e.where(), () -> startsAndIsReady(e)));
    }

    @Test
    void theDefaultAgentsAndEveryAgentExampleUseTheModelsOfTheReadmeGatewayExample() throws Exception {
        Example gateway = examples().stream()
                .filter(e -> e.text().startsWith("gateway:"))
                .findFirst()
                .orElseThrow();
        LoadedConfig loaded = load(gateway, dir.resolve("data"));
        Helix helix = Helix.create(loaded.config()).start();
        try {
            assertThat(ConfigCheck.of(loaded, Map.of()).warnings())
                    .as("the default agents")
                    .isEmpty();
            Path agents = loaded.config().storage().agentsFolder();
            for (Example e : examples().stream().filter(Example::isAgentFile).toList()) {
                Files.writeString(agents.resolve("example-" + e.where().replaceAll("\\W", "-") + ".yaml"), e.text());
            }
            assertThat(ConfigCheck.of(loaded, Map.of()).warnings())
                    .as("the agent examples")
                    .isEmpty();
        } finally {
            helix.close();
        }
    }

    @Test
    void theDocsHaveExamplesToCheck() {
        assertThat(examples())
                .anyMatch(Example::isAgentFile)
                .anyMatch(e -> e.text().startsWith("gateway:"));
    }

    private void startsAndIsReady(Example example) throws IOException {
        Path data = Files.createTempDirectory(dir, "data");
        LoadedConfig loaded = load(example, data);
        assertThat(ConfigCheck.of(loaded, Map.of()).gateway()).isNotNull();
        try (Helix helix = Helix.create(loaded.config()).start()) {
            HelixClient client = new HelixClient("http://127.0.0.1:" + helix.port(), "");
            HelixClient.Reply ready = client.get("/health/ready", null);
            assertThat(ready.status()).as(ready.body()).isEqualTo(200);
            assertThat(ready.json().at("/checks/gateway/status").asText()).isEqualTo("UP");
            assertThat(ready.json().at("/checks/config/status").asText()).isEqualTo("UP");
        } finally {
            Folders.deleteTree(data);
        }
    }

    /** Loads the example as helix.yaml, on a free port in {@code data}; every ${VAR} gets a stand-in value. */
    private LoadedConfig load(Example example, Path data) throws IOException {
        Path file = Files.createTempFile(dir, "helix", ".yaml");
        Files.writeString(file, VARIABLE.matcher(example.text()).replaceAll("\\${$1:-stand-in-$1}"));
        return ConfigLoader.builder()
                .file(file)
                .env(Map.of("HELIX_ADMIN_KEY", KeySecrets.generate()))
                .flag("server.port", "0", "--port")
                .flag("storage.dataDir", data.toString(), "--data-dir")
                .flag("storage.databaseUrl", "", "--database-url")
                .load();
    }

    static List<Example> examples() {
        List<Example> out = new ArrayList<>();
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            List<Path> files = new ArrayList<>(List.of(ROOT.resolve("README.md")));
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
            for (Path file : files) {
                String text = Files.readString(file);
                Matcher m = YAML_BLOCK.matcher(text);
                while (m.find()) {
                    int line = (int) text.substring(0, m.start()).lines().count() + 1;
                    out.add(new Example(ROOT.relativize(file) + ":" + line, m.group(1)));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }
}
