package dev.helix.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helix.Helix;
import dev.helix.config.ConfigLoader;
import dev.helix.internal.Json;
import dev.helix.testing.Await;
import dev.helix.testing.HelixClient;
import dev.helix.testing.TestServices;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CliTest {
    @TempDir
    Path dir;

    private record Run(int status, String out, String err) {}

    /** Runs the command line in a new JVM in {@code dir}, with no HELIX_* variables but {@code env}. */
    private Run process(Map<String, String> env, String... args) throws Exception {
        Path out = dir.resolve("process.out");
        Path err = dir.resolve("process.err");
        Process p = start(out, err, env, args);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private Process start(Path out, Path err, Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m",
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("HELIX_"));
        builder.environment().putAll(env);
        return builder.start();
    }

    /** Waits for {@code text} in the file a process writes to, and returns the file's content. */
    private static String awaitOutput(Path file, String text) {
        return Await.until(Duration.ofSeconds(60), Await.textOf(file), content -> content.contains(text));
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(status, out.toString(), err.toString());
    }

    @Test
    void keysCanBeCreatedListedAndRevoked() {
        String data = dir.toString();
        Run created = run("keys", "create", "--role", "user", "--name", "alice", "--data-dir", data);
        assertThat(created.status()).isZero();
        assertThat(created.out())
                .contains("Created user key key_")
                .contains("for 'alice'")
                .containsPattern("hx_[A-Za-z0-9]{43}");
        run("keys", "create", "--role", "admin", "--name", "root", "--data-dir", data);
        Run listed = run("keys", "list", "--data-dir", data);
        assertThat(listed.out())
                .contains("alice")
                .contains("root")
                .contains("active")
                .doesNotContainPattern("hx_[A-Za-z0-9]{43}");
        String id = created.out().replaceAll("(?s).*(key_[0-9A-Z]{26}).*", "$1");
        Run revoked = run("keys", "revoke", id, "--data-dir", data);
        assertThat(revoked.status()).isZero();
        assertThat(run("keys", "list", "--data-dir", data).out()).contains("revoked");
        Run missing = run("keys", "revoke", "key_nope", "--data-dir", data);
        assertThat(missing.status()).isEqualTo(1);
        assertThat(missing.err()).contains("helix: no API key has id 'key_nope'");
        Run badRole = run("keys", "create", "--role", "root", "--name", "x", "--data-dir", data);
        assertThat(badRole.status()).isEqualTo(2);
        assertThat(badRole.err()).contains("role must be 'admin' or 'user'");
    }

    @Test
    void keysCanBeCreatedWithLimitsThatTheListShows() {
        String data = dir.toString();
        Run created = run(
                "keys",
                "create",
                "--name",
                "alice",
                "--budget-usd",
                "20",
                "--period",
                "month",
                "--rpm",
                "60",
                "--tpm",
                "200000",
                "--data-dir",
                data);
        assertThat(created.status()).as(created.err()).isZero();
        assertThat(created.out()).contains("with limits $20.00/month, 60 rpm, 200000 tpm");
        run("keys", "create", "--name", "bob", "--data-dir", data);
        Run listed = run("keys", "list", "--data-dir", data);
        assertThat(listed.out()).contains("LIMITS").contains("$20.00/month, 60 rpm, 200000 tpm");
        assertThat(run("keys", "list", "--json", "--data-dir", data).out())
                .contains("\"limits\":{\"budgetUsd\":20.0,\"period\":\"month\",\"rpm\":60,\"tpm\":200000}")
                .contains("\"limits\":{}");
        Run daily = run("keys", "create", "--name", "carol", "--budget-usd", "0.5", "--json", "--data-dir", data);
        assertThat(daily.out()).contains("\"limits\":{\"budgetUsd\":0.5,\"period\":\"month\"}");

        Run noBudget = run("keys", "create", "--name", "x", "--period", "day", "--data-dir", data);
        assertThat(noBudget.status()).isEqualTo(2);
        assertThat(noBudget.err()).contains("--period needs a budget: give --budget-usd too");
        Run badRpm = run("keys", "create", "--name", "x", "--rpm", "0", "--data-dir", data);
        assertThat(badRpm.status()).isEqualTo(2);
        assertThat(badRpm.err()).contains("--rpm must be a whole number from 1");
        Run badBudget = run("keys", "create", "--name", "x", "--budget-usd", "-1", "--data-dir", data);
        assertThat(badBudget.err()).contains("--budget-usd must be a number of US dollars greater than 0");
        assertThat(run("keys", "create", "--name", "x", "--budget-usd", "1", "--period", "week", "--data-dir", data)
                        .err())
                .contains("--period must be 'day' or 'month', not 'week'");
    }

    @Test
    void migrateRunsMigrationsOnce() {
        assertThat(run("migrate", "--data-dir", dir.toString()).out())
                .containsPattern("[1-9]\\d* migration\\(s\\) applied now");
        assertThat(run("migrate", "--data-dir", dir.toString()).out()).contains("0 migration(s) applied now");
        assertThat(Files.exists(dir.resolve("helix.db"))).isTrue();
    }

    @Test
    void configCheckPrintsEffectiveValuesWithSecretsMasked() throws Exception {
        Path file = dir.resolve("helix.yaml");
        Files.writeString(file, "server:\n  port: 9090\nauth:\n  adminKey: hx_" + "k".repeat(43) + "\n");
        Run ok = run("config", "check", "--config", file.toString(), "--host", "0.0.0.0");
        assertThat(ok.status()).isZero();
        assertThat(ok.out())
                .contains("Configuration is valid")
                .contains("port: 9090   # file helix.yaml line 2")
                .contains("host: 0.0.0.0   # flag --host")
                .contains("adminKey: \"****\"")
                .doesNotContain("kkkkkkkk");
    }

    @Test
    void invalidConfigurationExitsWithStatusTwoAndOneClearLine() {
        Run bad = run("config", "check", "--port", "http");
        assertThat(bad.status()).isEqualTo(2);
        assertThat(bad.err().strip())
                .isEqualTo("helix: invalid configuration: server.port = 'http' (from flag --port): "
                        + "expected an integer from 0 to 65535");
        Run badSet = run("config", "check", "--set", "nonsense");
        assertThat(badSet.err()).contains("must be KEY=VALUE");
    }

    @Test
    void aTakenPortIsReportedInOneLineWithoutAStackTraceUnlessDebugging() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.setReuseAddress(false);
            taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            String port = Integer.toString(taken.getLocalPort());
            Run r = process(Map.of(), "serve", "--port", port, "--data-dir", dir.toString());
            assertThat(r.status()).isEqualTo(1);
            assertThat(r.err().strip())
                    .isEqualTo("helix: port " + port + " on 127.0.0.1 is already in use; stop the "
                            + "other process or choose another port with --port, HELIX_PORT or server.port");
            assertThat(r.out())
                    .doesNotContain("\tat ")
                    .doesNotContain("Exception")
                    .doesNotContain("ERROR");
            Run debug =
                    process(Map.of(), "serve", "--port", port, "--data-dir", dir.toString(), "--log-level", "debug");
            assertThat(debug.status()).isEqualTo(1);
            assertThat(debug.out())
                    .contains("DEBUG d.h.http.HttpServer [] Helidon: Failed to start listener")
                    .contains("java.net.BindException")
                    .doesNotContain("ERROR");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"text", "json"})
    void theGeneratedAdminKeyIsShownOnceOnStandardOutputAndNeverLogged(String format) throws Exception {
        Path out = dir.resolve("out.log");
        Process p = start(
                out,
                dir.resolve("err.log"),
                Map.of(),
                "serve",
                "--port",
                "0",
                "--data-dir",
                dir.resolve("data").toString(),
                "--log-format",
                format);
        String output;
        try {
            output = awaitOutput(out, format.equals("json") ? "\"adminKey\"" : "Create more with");
        } finally {
            p.destroy();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        String key = output.replaceAll("(?s).*(hx_[A-Za-z0-9]{43}).*", "$1");
        List<String> lines =
                Files.readAllLines(out).stream().filter(l -> !l.isBlank()).toList();
        if (format.equals("json")) {
            assertThat(lines)
                    .allSatisfy(l -> assertThat(
                                    Json.mapper().readTree(l).get("level").asText())
                            .isNotBlank());
            assertThat(lines).filteredOn(l -> l.contains(key)).singleElement().satisfies(l -> {
                assertThat(Json.mapper().readTree(l).get("adminKey").asText()).isEqualTo(key);
                assertThat(Json.mapper().readTree(l).get("formattedMessage").asText())
                        .startsWith("No API key existed, so Helix created an admin key")
                        .doesNotContain("hx_");
            });
        } else {
            assertThat(lines).filteredOn(l -> l.contains(key)).singleElement().isEqualTo("      " + key);
            assertThat(output)
                    .contains("  No API key existed, so Helix created an admin key. It is shown only this "
                            + "once:\n\n      " + key + "\n\n  Use it as 'Authorization: Bearer <key>'.");
        }
    }

    @Test
    void keysListAndRevokeRefuseAMissingDatabaseAndCreateNothing() throws Exception {
        Path db = dir.resolve("data/helix.db").toAbsolutePath();
        Run listed = process(Map.of(), "keys", "list");
        assertThat(listed.status()).isEqualTo(1);
        assertThat(listed.err())
                .isEqualTo("helix: using SQLite " + db + " (storage.dataDir: default)\n"
                        + "helix: no database at " + db
                        + " (storage.dataDir: default); start the server (or 'helix migrate') "
                        + "once with this configuration to create it, or point at the server's database with --config, "
                        + "--data-dir or --database-url\n");
        assertThat(listed.out()).isEmpty();
        Run revoked = run(
                "keys",
                "revoke",
                "key_01",
                "--data-dir",
                dir.resolve("elsewhere").toString());
        assertThat(revoked.status()).isEqualTo(1);
        assertThat(revoked.err()).contains("helix: no database at " + dir.resolve("elsewhere/helix.db"));
        assertThat(dir.resolve("data")).doesNotExist();
        assertThat(dir.resolve("elsewhere")).doesNotExist();
    }

    @Test
    void keysUseTheDatabaseTheEnvironmentNamesAsServeDoes() throws Exception {
        Path srv = dir.resolve("srv");
        assertThat(run("keys", "create", "--name", "alice", "--role", "admin", "--data-dir", srv.toString())
                        .status())
                .isZero();
        Run listed = process(Map.of("HELIX_DATA_DIR", srv.toString()), "keys", "list", "--json");
        assertThat(listed.status()).as(listed.err()).isZero();
        assertThat(listed.err())
                .isEqualTo("helix: using SQLite " + srv.resolve("helix.db").toAbsolutePath()
                        + " (storage.dataDir: environment variable HELIX_DATA_DIR)\n");
        assertThat(Json.mapper()
                        .readTree(listed.out())
                        .get("data")
                        .get(0)
                        .get("name")
                        .asText())
                .isEqualTo("alice");
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void keysCreateMakesAMissingDatabaseAndSaysSoAndThatNoAdminKeyExists() {
        Path db = dir.resolve("new/helix.db");
        Run created = run(
                "keys",
                "create",
                "--name",
                "bot",
                "--json",
                "--data-dir",
                dir.resolve("new").toString());
        assertThat(created.status()).as(created.err()).isZero();
        assertThat(created.out()).startsWith("{").doesNotContain("helix:").doesNotContain("migrated");
        assertThat(created.err())
                .contains("helix: using SQLite " + db + " (storage.dataDir: flag --data-dir)\n")
                .contains("helix: SQLite " + db + " was new, so its Helix tables were created; a server started with "
                        + "this configuration uses it")
                .contains("helix: note: this database has no active admin key");
        assertThat(db).exists();
        Run admin = run(
                "keys",
                "create",
                "--name",
                "root",
                "--role",
                "admin",
                "--data-dir",
                db.getParent().toString());
        assertThat(admin.err()).doesNotContain("was new").doesNotContain("no active admin key");
    }

    @Test
    void aKeyCreatedWithTheServersConfigFileWorksOnTheRunningServer() throws Exception {
        Path yaml = dir.resolve("helix.yaml");
        Files.writeString(yaml, "server:\n  port: 0\nstorage:\n  dataDir: " + dir.resolve("srv") + "\n");
        try (Helix helix = Helix.create(
                        ConfigLoader.builder().file(yaml).env(Map.of()).load().config())
                .start()) {
            Run created = run("keys", "create", "--name", "alice", "--json", "--config", yaml.toString());
            assertThat(created.err())
                    .contains("helix: using SQLite " + dir.resolve("srv/helix.db")
                            + " (storage.dataDir: file helix.yaml line 4)");
            String key = Json.mapper().readTree(created.out()).get("key").asText();
            HelixClient client = new HelixClient("http://127.0.0.1:" + helix.port(), key);
            assertThat(client.get("/api/v1/me").json().get("name").asText()).isEqualTo("alice");
        }
    }

    @Test
    void keysOnAPostgresqlDatabaseWithoutHelixTablesAreRefusedUntilCreateSetsItUp() {
        String url = TestServices.postgresSchemaUrl();
        try {
            Run listed = run("keys", "list", "--database-url", url);
            assertThat(listed.status()).isEqualTo(1);
            assertThat(listed.err())
                    .contains("helix: using PostgreSQL " + url + " (storage.databaseUrl: flag " + "--database-url)")
                    .contains("has no Helix tables yet");
            assertThat(run("keys", "create", "--name", "a", "--role", "admin", "--database-url", url)
                            .err())
                    .contains("helix: PostgreSQL " + url + " was new, so its Helix tables were created");
            assertThat(run("keys", "list", "--database-url", url).out()).contains("admin");
        } finally {
            TestServices.dropSchema(url);
        }
    }

    @Test
    void keysNameTheirPostgresqlDatabaseWithThePasswordMasked() {
        Run listed = run(
                "keys",
                "list",
                "--set",
                "storage.busyTimeout=250ms",
                "--database-url",
                "postgresql://helix:topsecret@127.0.0.1:1/helix?password=x2");
        assertThat(listed.status()).isEqualTo(1);
        assertThat(listed.err())
                .contains("helix: using PostgreSQL postgresql://helix:****@127.0.0.1:1/helix"
                        + "?password=**** (storage.databaseUrl: flag --database-url)")
                .doesNotContain("topsecret")
                .doesNotContain("x2");
    }

    @Test
    void versionAndHelpWork() {
        assertThat(run("version").out()).startsWith("helix ").contains("commit").contains("Java");
        assertThat(run("--help").out())
                .contains("serve")
                .contains("migrate")
                .contains("keys")
                .contains("config")
                .doesNotContain("train");
        assertThat(run("serve", "--help").out())
                .contains("--port")
                .contains("--data-dir")
                .contains("--config");
        assertThat(run("config", "reference").out()).contains("maxBodySize: 1MiB");
    }
}
