package dev.helix.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.helix.Helix;
import dev.helix.HelixTime;
import dev.helix.auth.KeySecrets;
import dev.helix.config.ConfigException;
import dev.helix.config.ConfigLoader;
import dev.helix.config.HelixConfig;
import dev.helix.internal.Folders;
import dev.helix.testing.HelixClient;
import dev.helix.testing.HelixServerExtension;
import dev.helix.testing.TestClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Expiry runs on a monotonic clock: the wall clock jumping either way changes nothing; bad route names stop start. */
@Timeout(60)
class CacheClockTest {
    @Test
    void wallClockJumpsNeitherExpireNorExtendCachedResponses() throws Exception {
        TestSource source = new TestSource();
        TestClock clock = new TestClock(Instant.now());
        Path dir = Files.createTempDirectory("helix-cache-clock");
        String key = KeySecrets.generate();
        HelixConfig config = HelixServerExtension.testConfig(dir, key);
        try (Helix helix = Helix.create(
                        config.toBuilder().caching(TestSource.caching()).build(),
                        Map.of(),
                        HelixTime.of(clock, clock.ticker()),
                        List.of(source))
                .start()) {
            HelixClient client = new HelixClient("http://127.0.0.1:" + helix.port(), key);
            assertThat(client.get("/api/v1/test/value").header("X-Helix-Cache")).isEqualTo("miss");

            clock.jump(Duration.ofDays(1));
            assertThat(client.get("/api/v1/test/value").header("X-Helix-Cache")).isEqualTo("hit");
            clock.jump(Duration.ofDays(-2));
            assertThat(client.get("/api/v1/test/value").header("X-Helix-Cache")).isEqualTo("hit");
            assertThat(source.calls("value")).isEqualTo(1);

            client.get("/api/v1/test/short");
            clock.jump(Duration.ofHours(-1));
            assertThat(client.get("/api/v1/test/short").header("X-Helix-Cache")).isEqualTo("hit");
            clock.advance(Duration.ofMillis(250)); // the 200 ms ttl passes whatever the wall clock says
            assertThat(client.get("/api/v1/test/short").header("X-Helix-Cache")).isEqualTo("miss");
            assertThat(source.calls("short")).isEqualTo(2);
        } finally {
            Folders.deleteTree(dir);
        }
    }

    @Test
    void aPolicyForARouteThatDoesNotExistStopsTheStart() throws Exception {
        Path dir = Files.createTempDirectory("helix-cache-bad-route");
        HelixConfig config = HelixServerExtension.testConfig(dir, KeySecrets.generate());
        HelixConfig.Caching caching = ConfigLoader.builder()
                .env(Map.of())
                .flag("caching.routes", "/api/v1/agentz ttl=1m", "test")
                .load()
                .config()
                .caching();
        try {
            assertThatThrownBy(() -> Helix.create(
                                    config.toBuilder().caching(caching).build(), Clock.systemUTC(), List.of())
                            .start())
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("/api/v1/agentz")
                    .hasMessageContaining("/api/v1/agents/{id}");
        } finally {
            Folders.deleteTree(dir);
        }
    }
}
