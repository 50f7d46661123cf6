package dev.helix.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private ConfigLoader loader() {
        return ConfigLoader.builder().env(Map.of());
    }

    private Path yaml(String text) throws IOException {
        Path f = dir.resolve("helix.yaml");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void defaultsMatchTheDocumentedValues() {
        HelixConfig c = loader().load().config();
        assertThat(c.server().host()).isEqualTo("127.0.0.1");
        assertThat(c.server().port()).isEqualTo(8080);
        assertThat(c.server().maxBodySize()).isEqualTo(1 << 20);
        assertThat(c.server().shutdownGrace()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.server().requestHeadersTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.server().requestBodyTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.storage().dataDir()).isEqualTo(Path.of("./data"));
        assertThat(c.storage().databaseUrl()).isEmpty();
        assertThat(c.logging().format()).isEqualTo(LogFormat.TEXT);
        assertThat(c.auth().publicMetrics()).isTrue();
        assertThat(c.features()).isEmpty();
    }

    @Test
    void flagsOverrideEnvironmentWhichOverridesTheFile() throws IOException {
        Path f = yaml("server:\n  port: 7000\n  host: 0.0.0.0\nlogging:\n  level: debug\n");
        LoadedConfig loaded = ConfigLoader.builder()
                .file(f)
                .env(Map.of("HELIX_PORT", "7100", "HELIX_LOG_LEVEL", "warn"))
                .flag("server.port", "7200", "--port")
                .load();
        assertThat(loaded.config().server().port()).isEqualTo(7200);
        assertThat(loaded.config().logging().level()).isEqualTo(LogLevel.WARN);
        assertThat(loaded.config().server().host()).isEqualTo("0.0.0.0");
        assertThat(loaded.values().get("server.port").source().toString()).isEqualTo("flag --port");
        assertThat(loaded.values().get("logging.level").source().toString())
                .isEqualTo("environment variable HELIX_LOG_LEVEL");
        assertThat(loaded.values().get("server.host").source().toString()).isEqualTo("file helix.yaml line 3");
    }

    @Test
    void sizesAndDurationsAcceptTheirUnits() throws IOException {
        Path f = yaml("server:\n  maxBodySize: 512KiB\n  shutdownGrace: 1500ms\n");
        HelixConfig c = ConfigLoader.builder().file(f).env(Map.of()).load().config();
        assertThat(c.server().maxBodySize()).isEqualTo(512 * 1024);
        assertThat(c.server().shutdownGrace()).isEqualTo(Duration.ofMillis(1500));
        assertThat(loader().flag("server.shutdownGrace", "PT2M", "--set")
                        .load()
                        .config()
                        .server()
                        .shutdownGrace())
                .isEqualTo(Duration.ofMinutes(2));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "HELIX_PORT|99999|server.port = '99999' (from environment variable HELIX_PORT): expected an integer from 0 to 65535",
                "HELIX_PORT|abc|server.port = 'abc' (from environment variable HELIX_PORT): expected an integer",
                "HELIX_HOST|bad host!|server.host = 'bad host!'",
                "HELIX_MAX_BODY_SIZE|10 parsecs|server.maxBodySize = '10 parsecs' (from environment variable HELIX_MAX_BODY_SIZE): expected a size",
                "HELIX_MAX_BODY_SIZE|2GiB|expected a size from 1024 bytes to 1073741824 bytes",
                "HELIX_SHUTDOWN_GRACE|forever|server.shutdownGrace = 'forever'",
                "HELIX_SHUTDOWN_GRACE|11m|expected a duration from 0s to 10m",
                "HELIX_NODE_ID|no spaces please|server.nodeId = 'no spaces please'",
                "HELIX_REQUEST_HEADERS_TIMEOUT|10ms|server.requestHeadersTimeout = '10ms' (from environment variable HELIX_REQUEST_HEADERS_TIMEOUT): expected a duration from 100ms to 10m",
                "HELIX_REQUEST_BODY_TIMEOUT|never|server.requestBodyTimeout = 'never'",
                "HELIX_DATABASE_URL|mysql://h/db|storage.databaseUrl = (secret, 12 characters)",
                "HELIX_DATABASE_POOL_SIZE|0|storage.poolSize = '0'",
                "HELIX_DATABASE_BUSY_TIMEOUT|1ms|storage.busyTimeout = '1ms'",
                "HELIX_REDIS_URL|http://redis|redis.url = (secret, 12 characters) (from environment variable HELIX_REDIS_URL): expected empty or a redis://",
                "HELIX_ADMIN_KEY|letmein|auth.adminKey = (secret, 7 characters)",
                "HELIX_PUBLIC_METRICS|maybe|auth.publicMetrics = 'maybe' (from environment variable HELIX_PUBLIC_METRICS): expected true or false",
                "HELIX_LOG_FORMAT|xml|logging.format = 'xml' (from environment variable HELIX_LOG_FORMAT): expected one of text, json",
                "HELIX_LOG_LEVEL|loud|expected one of error, warn, info, debug, trace",
                "HELIX_ACCESS_LOG|2|logging.accessLog = '2'",
                "HELIX_FEATURE_FAST_PATH|sometimes|features.fast-path = 'sometimes' (from environment variable HELIX_FEATURE_FAST_PATH)",
            })
    void everyInvalidValueIsNamedWithItsSourceAndWhatIsAllowed(String env, String value, String expected) {
        assertThatThrownBy(() -> ConfigLoader.builder().env(Map.of(env, value)).load())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(expected);
    }

    @Test
    void secretValuesAreNeverRepeatedInErrors() {
        assertThatThrownBy(() -> loader().flag("auth.adminKey", "hunter2-secret", "--set auth.adminKey")
                        .load())
                .hasMessageNotContaining("hunter2")
                .hasMessageContaining("auth.adminKey = (secret, 14 characters) (from flag --set auth.adminKey)");
    }

    @Test
    void unknownKeysInTheFileAreRejectedWithTheClosestKnownKey() throws IOException {
        Path f = yaml("server:\n  prot: 9000\n");
        assertThatThrownBy(() -> ConfigLoader.builder().file(f).env(Map.of()).load())
                .hasMessageContaining("unknown key 'server.prot' (from file helix.yaml line 2)")
                .hasMessageContaining("did you mean 'server.port'?");
    }

    @Test
    void unknownKeysFromSetAreRejected() {
        assertThatThrownBy(() -> loader().flag("server.colour", "blue", "--set server.colour")
                        .load())
                .hasMessageContaining("unknown key 'server.colour' (from flag --set server.colour)");
    }

    @Test
    void listsAreNotAcceptedWhereOneValueIsExpected() throws IOException {
        Path f = yaml("server:\n  port: [1, 2]\n");
        assertThatThrownBy(() -> ConfigLoader.builder().file(f).env(Map.of()).load())
                .hasMessageContaining("server.port (from file helix.yaml line 2) is a list");
    }

    @Test
    void aFileThatIsNotAMappingIsRejected() throws IOException {
        Path f = yaml("- just\n- a list\n");
        assertThatThrownBy(() -> ConfigLoader.builder().file(f).env(Map.of()).load())
                .hasMessageContaining("must be a YAML mapping");
    }

    @Test
    void malformedYamlIsReportedWithTheFile() throws IOException {
        Path f = yaml("server:\n  port: 80\n bad indent: [\n");
        assertThatThrownBy(() -> ConfigLoader.builder().file(f).env(Map.of()).load())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("cannot read config file " + f);
    }

    @Test
    void anExplicitConfigFileMustExist() {
        Path missing = dir.resolve("nope.yaml");
        assertThatThrownBy(
                        () -> ConfigLoader.builder().file(missing).env(Map.of()).load())
                .hasMessageContaining("config file " + missing + " (from flag --config) does not exist");
        assertThatThrownBy(() -> ConfigLoader.builder()
                        .env(Map.of("HELIX_CONFIG", missing.toString()))
                        .load())
                .hasMessageContaining("(from environment variable HELIX_CONFIG) does not exist");
    }

    @Test
    void fileValuesReadTheEnvironment() throws IOException {
        Path f = yaml("storage:\n  databasePassword: ${PGPASS}\n  databaseUser: ${PGUSER:-helix}\n");
        HelixConfig c = ConfigLoader.builder()
                .file(f)
                .env(Map.of("PGPASS", "s3cret"))
                .load()
                .config();
        assertThat(c.storage().databasePassword()).isEqualTo("s3cret");
        assertThat(c.storage().databaseUser()).isEqualTo("helix");
        assertThatThrownBy(() -> ConfigLoader.builder().file(f).env(Map.of()).load())
                .hasMessageContaining("storage.databasePassword (from file helix.yaml line 2) refers to ${PGPASS}, "
                        + "which is not set");
    }

    @Test
    void featureFlagsComeFromTheFileAndTheEnvironment() throws IOException {
        Path f = yaml("features:\n  dashboard: true\n  beta-router: false\n");
        HelixConfig c = ConfigLoader.builder()
                .file(f)
                .env(Map.of("HELIX_FEATURE_BETA_ROUTER", "on"))
                .load()
                .config();
        assertThat(c.features()).containsEntry("dashboard", true).containsEntry("beta-router", true);
        assertThat(c.feature("dashboard")).isTrue();
        assertThat(c.feature("unknown")).isFalse();
        assertThatThrownBy(() -> loader().flag("features.Bad_Name", "true", "--set features.Bad_Name")
                        .load())
                .hasMessageContaining("expected a feature name");
    }

    @Test
    void describeMasksSecretsAndNamesSources() {
        String text = ConfigLoader.builder()
                .env(Map.of(
                        "HELIX_DATABASE_URL",
                        "postgresql://helix:pa55word@db:5432/helix",
                        "HELIX_ADMIN_KEY",
                        "hx_" + "a".repeat(43)))
                .load()
                .describe();
        assertThat(text)
                .doesNotContain("pa55word")
                .doesNotContain("aaaaaaaaaa")
                .contains("databaseUrl: postgresql://helix:****@db:5432/helix   # environment variable "
                        + "HELIX_DATABASE_URL")
                .contains("adminKey: \"****\"   # environment variable HELIX_ADMIN_KEY")
                .contains("port: 8080   # default");
    }

    @Test
    void configToStringNeverShowsTheAdminKey() {
        HelixConfig c = loader().flag("auth.adminKey", "hx_" + "b".repeat(43), "--set")
                .load()
                .config();
        assertThat(c.toString()).doesNotContain("bbbbbbbb");
    }
}
