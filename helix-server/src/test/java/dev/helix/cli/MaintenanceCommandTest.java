package dev.helix.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.Helix;
import dev.helix.auth.KeySecrets;
import dev.helix.config.HelixConfig;
import dev.helix.internal.Json;
import dev.helix.testing.Await;
import dev.helix.testing.HelixClient;
import dev.helix.testing.HelixServerExtension;
import dev.helix.testing.StorageEngines;
import dev.helix.testing.TestServices;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code helix maintenance on|off|status} on the database of a running server: the server follows (at its next read
 * of the event log on SQLite, at once on PostgreSQL), and bad options are refused naming the option.
 */
@Timeout(90)
class MaintenanceCommandTest {
    private static final Duration FOLLOWED = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private record Run(int status, String out, String err) {}

    private static Run run(List<String> where, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(where);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), all.toArray(String[]::new));
        return new Run(status, out.toString(), err.toString());
    }

    @ParameterizedTest
    @MethodSource("dev.helix.testing.StorageEngines#all")
    void aRunningServerFollowsTheCommandLine(String engine) throws Exception {
        HelixConfig.Storage storage = StorageEngines.storage(engine, dir);
        String key = KeySecrets.generate();
        HelixConfig config = HelixServerExtension.testConfig(dir, key).toBuilder()
                .storage(s -> s.databaseUrl(storage.databaseUrl()))
                .build();
        List<String> where = storage.databaseUrl().isEmpty()
                ? List.of("--data-dir", dir.toString())
                : List.of("--data-dir", dir.toString(), "--database-url", storage.databaseUrl());
        try (Helix helix = Helix.create(config).start()) {
            HelixClient client = new HelixClient("http://127.0.0.1:" + helix.port(), key);
            assertThat(run(where, "maintenance", "status").out())
                    .isEqualTo("Maintenance mode is off (never turned on).\n");

            Run on = run(
                    where, "maintenance", "on", "--message", "restoring last night's backup", "--retry-after", "120");
            assertThat(on.status()).as(on.err()).isZero();
            assertThat(on.err()).contains("helix: using ");
            assertThat(on.out())
                    .startsWith("Maintenance mode is on since ")
                    .contains("(set at the command line): every write answers 503 with Retry-After: 120 and "
                            + "\"restoring last night's backup\"");
            HelixClient.Reply refused = Await.until(FOLLOWED, () -> post(client), r -> r.status() == 503);
            assertThat(refused.header("Retry-After")).isEqualTo("120");
            assertThat(refused.json().get("detail").asText()).isEqualTo("restoring last night's backup");
            JsonNode seen = client.get("/api/v1/maintenance").json();
            assertThat(seen.get("by").isNull()).as("set by no key").isTrue();
            JsonNode status = Json.mapper()
                    .readTree(run(where, "maintenance", "status", "--json").out());
            assertThat(status.get("enabled").asBoolean()).isTrue();
            assertThat(status.get("since")).isEqualTo(seen.get("since"));

            Run off = run(where, "maintenance", "off");
            assertThat(off.out())
                    .startsWith("Maintenance mode is off since ")
                    .contains("(turned off at the command line)");
            Await.until(FOLLOWED, () -> post(client), r -> r.status() == 202);
        } finally {
            if (!storage.databaseUrl().isEmpty()) {
                TestServices.dropSchema(storage.databaseUrl());
            }
        }
    }

    @Test
    void badOptionsAreRefusedNamingTheOption() {
        List<String> where = List.of("--data-dir", dir.toString());
        Run missing = run(where, "maintenance", "on");
        assertThat(missing.status()).isEqualTo(1);
        assertThat(missing.err()).contains("helix: no database at ");
        assertThat(run(where, "migrate").status()).isZero();

        Run zero = run(where, "maintenance", "on", "--retry-after", "0");
        assertThat(zero.status()).isEqualTo(2);
        assertThat(zero.err()).contains("--retry-after must be from 1 to 86400 seconds, not 0");
        Run blank = run(where, "maintenance", "on", "--message", " ");
        assertThat(blank.status()).isEqualTo(2);
        assertThat(blank.err()).contains("--message must not be blank");
        Run tooLong = run(where, "maintenance", "on", "--message", "x".repeat(1001));
        assertThat(tooLong.status()).isEqualTo(2);
        assertThat(tooLong.err()).contains("--message must be at most 1000 characters, not 1001");
        Run notANumber = run(where, "maintenance", "on", "--retry-after", "soon");
        assertThat(notANumber.status()).isEqualTo(2);
        assertThat(notANumber.err()).contains("--retry-after");
        assertThat(run(where, "maintenance", "status").out()).contains("off (never turned on)");
    }

    private static HelixClient.Reply post(HelixClient client) {
        return client.send(
                "POST", "/api/v1/agents/coder/messages", client.adminKey(), "application/json", "{\"type\":\"task\"}");
    }
}
