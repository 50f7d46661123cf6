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

/**
 * The HTTP settings live in the {@code server} section; their old names in {@code caching} are still read, as the new
 * keys, each with one warning naming old and new — and when both are given, the new one wins.
 */
class RenamedKeysTest {
    @TempDir
    Path dir;

    private LoadedConfig loadFile(String yaml) throws IOException {
        Path f = Files.writeString(dir.resolve("helix.yaml"), yaml);
        return ConfigLoader.builder().file(f).env(Map.of()).load();
    }

    @Test
    void theDefaultsCompressWithGzipAndServeNoHttp2() {
        HelixConfig.Server s = HelixConfig.defaults().server();
        assertThat(s.compression()).isEqualTo(HelixConfig.Server.Compression.GZIP);
        assertThat(s.compressionMinSize()).isEqualTo(1024);
        assertThat(s.compressionLevel()).isEqualTo(6);
        assertThat(s.http2()).isFalse();
        assertThat(s.idleTimeout()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void theNewKeysAreReadWithoutWarnings() throws IOException {
        LoadedConfig loaded = loadFile("server:\n  http2: true\n  compression: off\n  compressionMinSize: 2KiB\n"
                + "  compressionLevel: 9\n  idleTimeout: 30s\n");
        HelixConfig.Server s = loaded.config().server();
        assertThat(s.http2()).isTrue();
        assertThat(s.compression()).isEqualTo(HelixConfig.Server.Compression.OFF);
        assertThat(s.compressionMinSize()).isEqualTo(2048);
        assertThat(s.compressionLevel()).isEqualTo(9);
        assertThat(s.idleTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(loaded.warnings()).isEmpty();
    }

    @Test
    void anOldNameInTheFileIsReadAsTheNewKeyWithOneWarning() throws IOException {
        LoadedConfig loaded = loadFile("caching:\n  enabled: true\n  http2: true\n  idleTimeout: 30s\n");
        assertThat(loaded.config().server().http2()).isTrue();
        assertThat(loaded.config().server().idleTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(loaded.warnings())
                .containsExactly(
                        "config key caching.http2 (from file helix.yaml line 3) is now server.http2 and is read as "
                                + "that; rename it",
                        "config key caching.idleTimeout (from file helix.yaml line 4) is now server.idleTimeout and "
                                + "is read as that; rename it");
        assertThat(loaded.values().get("server.http2").source())
                .hasToString("file helix.yaml line 3, old name caching.http2");
        assertThat(loaded.values()).doesNotContainKey("caching.http2");
    }

    @Test
    void whenBothNamesAreGivenTheNewOneWinsAndTheWarningSaysSo() throws IOException {
        LoadedConfig loaded = loadFile("caching:\n  compressionLevel: 1\nserver:\n  compressionLevel: 9\n");
        assertThat(loaded.config().server().compressionLevel()).isEqualTo(9);
        assertThat(loaded.warnings())
                .containsExactly("config key caching.compressionLevel (from file helix.yaml line 2) is now "
                        + "server.compressionLevel, which is also set (from file helix.yaml line 4): "
                        + "server.compressionLevel wins and caching.compressionLevel is ignored; remove "
                        + "caching.compressionLevel");
    }

    @Test
    void anOldNameGivenWithSetIsReadToo() {
        LoadedConfig loaded = ConfigLoader.builder()
                .env(Map.of())
                .flag("caching.compression", "off", "--set caching.compression")
                .load();
        assertThat(loaded.config().server().compression()).isEqualTo(HelixConfig.Server.Compression.OFF);
        assertThat(loaded.warnings())
                .containsExactly("config key caching.compression (from flag --set caching.compression) is now "
                        + "server.compression and is read as that; rename it");
    }

    @Test
    void aBadValueUnderTheOldNameNamesTheNewKeyAndWhereItWasWritten() throws IOException {
        Path f = Files.writeString(dir.resolve("helix.yaml"), "caching:\n  compressionLevel: 11\n");
        assertThatThrownBy(() -> ConfigLoader.builder().file(f).env(Map.of()).load())
                .hasMessageContaining("server.compressionLevel = '11' (from file helix.yaml line 2, old name "
                        + "caching.compressionLevel)");
    }

    @Test
    void theEnvironmentVariablesKeepTheirNames() {
        LoadedConfig loaded = ConfigLoader.builder()
                .env(Map.of("HELIX_HTTP2", "true", "HELIX_COMPRESSION_MIN_SIZE", "4KiB"))
                .load();
        assertThat(loaded.config().server().http2()).isTrue();
        assertThat(loaded.config().server().compressionMinSize()).isEqualTo(4096);
        assertThat(loaded.warnings()).isEmpty();
    }
}
