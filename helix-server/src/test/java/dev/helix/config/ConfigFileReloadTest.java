package dev.helix.config;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.Helix;
import dev.helix.auth.KeySecrets;
import dev.helix.testing.Await;
import dev.helix.testing.HelixClient;
import dev.helix.testing.HelixServerExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Edits to {@code helix.yaml} while Helix runs: a file created after start is read, a file removed or broken leaves
 * the last good configuration serving (DEGRADED until fixed), and an edit to a key read only at start says so.
 */
@Timeout(60)
class ConfigFileReloadTest {
    private static final String GATEWAY = """
            gateway:
              providers:
                - {id: local, kind: openai, baseUrl: "http://127.0.0.1:9/v1"}
              models:
                - name: %s
                  deployments: [{provider: local, model: m-1}]
            """;

    @TempDir
    Path dir;

    private Path file;
    private Helix helix;
    private HelixClient client;
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger watcherLog = (Logger) LoggerFactory.getLogger(ConfigFileWatcher.class);

    @BeforeEach
    void start() {
        file = dir.resolve("helix.yaml");
        String key = KeySecrets.generate();
        HelixConfig config = HelixServerExtension.testConfig(dir.resolve("data"), key).toBuilder()
                .file(Optional.of(file))
                .build();
        log.start();
        watcherLog.addAppender(log);
        helix = Helix.create(config).start();
        client = new HelixClient("http://127.0.0.1:" + helix.port(), key);
    }

    @AfterEach
    void stop() {
        helix.stop();
        watcherLog.detachAppender(log);
    }

    @Test
    void aFileCreatedAfterStartIsRead() throws IOException {
        assertThat(models()).isEmpty();
        Files.writeString(file, GATEWAY.formatted("late"));
        Await.until(this::models, m -> m.contains("late"));
        assertThat(configCheck().path("status").asText()).isEqualTo("UP");
    }

    @Test
    void aRemovedFileKeepsTheLastGoodConfigurationAndIsDegradedUntilItIsBack() throws IOException {
        Files.writeString(file, GATEWAY.formatted("kept"));
        Await.until(this::models, m -> m.contains("kept"));

        Path aside = dir.resolve("helix.yaml.moved");
        Files.move(file, aside);
        JsonNode check =
                Await.until(this::configCheck, c -> c.path("status").asText().equals("DEGRADED"));
        assertThat(check.path("detail").asText())
                .contains("helix.yaml was removed")
                .contains("stays in force");
        assertThat(models()).containsExactly("kept");
        assertThat(warnings()).anyMatch(w -> w.contains("helix.yaml was removed"));

        Files.move(aside, file, StandardCopyOption.ATOMIC_MOVE);
        Await.until(this::configCheck, c -> c.path("status").asText().equals("UP"));
        assertThat(models()).containsExactly("kept");
    }

    @Test
    void anEditToAKeyReadOnlyAtStartIsAWarningNamingTheKey() throws IOException {
        Files.writeString(file, GATEWAY.formatted("m") + "logging:\n  level: debug\n");
        Await.until(this::warnings, w -> w.stream().anyMatch(l -> l.contains("logging.level")));
        assertThat(warnings())
                .anyMatch(w -> w.contains("logging.level changed to 'debug' but is read only at start")
                        && w.contains("keeps 'info'"));
        assertThat(configCheck().path("status").asText()).isEqualTo("UP");

        Files.writeString(file, GATEWAY.formatted("m") + "server:\n  port: eighty\n");
        JsonNode check =
                Await.until(this::configCheck, c -> c.path("status").asText().equals("DEGRADED"));
        assertThat(check.path("detail").asText())
                .contains("server.port")
                .contains("'eighty'")
                .contains("the next start would fail");
        assertThat(models()).containsExactly("m");
    }

    private List<String> models() {
        return client.get("/v1/models").json().get("data").findValuesAsText("id");
    }

    private JsonNode configCheck() {
        return client.get("/health/ready", null).json().at("/checks/config");
    }

    private List<String> warnings() {
        return log.list.stream()
                .filter(e -> e.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
    }
}
