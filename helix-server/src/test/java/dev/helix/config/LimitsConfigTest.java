package dev.helix.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.helix.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@code limits.*} keys: defaults, the rate syntax, and bad values stopping the start with the key named. */
class LimitsConfigTest {
    @TempDir
    Path dir;

    @Test
    void defaultsLimitEveryClassGenerouslyAndTrustNoProxy() {
        HelixConfig.Limits l = HelixConfig.defaults().limits();
        assertThat(l.enabled()).isTrue();
        assertThat(l.forClass(RouteClass.GATEWAY))
                .isEqualTo(new HelixConfig.Limits.PerClass(
                        new Rate(60000, Duration.ofMinutes(1)), 10000, Duration.ofSeconds(1)));
        assertThat(l.forClass(RouteClass.DEFAULT).rate()).isEqualTo(new Rate(60000, Duration.ofMinutes(1)));
        assertThat(l.forClass(RouteClass.COMMANDS).rate()).isEqualTo(new Rate(6000, Duration.ofMinutes(1)));
        assertThat(l.forClass(RouteClass.PUBLIC).rate()).isEqualTo(new Rate(1200, Duration.ofMinutes(1)));
        assertThat(l.forClass(RouteClass.ADMIN).concurrency()).isEqualTo(32);
        assertThat(l.trustForwardedFor()).isFalse();
        assertThat(l.redisTimeout()).isEqualTo(Duration.ofMillis(10));
        assertThat(l.classes()).containsOnlyKeys(RouteClass.values());
        assertThatThrownBy(() -> new HelixConfig.Limits(
                        true, Map.of(RouteClass.GATEWAY, l.forClass(RouteClass.GATEWAY)), false, Duration.ofMillis(10)))
                .hasMessageContaining("[GATEWAY, COMMANDS, ADMIN, PUBLIC, DEFAULT]");
        assertThatThrownBy(() -> l.classes().put(RouteClass.GATEWAY, l.forClass(RouteClass.ADMIN)))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @ParameterizedTest
    @CsvSource({
        "6000/1m,6000,60,6000/1m",
        "20/s,20,1,20/1s",
        "'100 / 30s',100,30,100/30s",
        "50000/1h,50000,3600,50000/1h",
        "1000000/1d,1000000,86400,1000000/1d",
        "1/90s,1,90,1/90s",
        "1000000/1s,1000000,1,1000000/1s"
    })
    void ratesAreRequestsPerPeriod(String text, long limit, long seconds, String shown) {
        Rate rate = Rate.parse(text);
        assertThat(rate.limit()).isEqualTo(limit);
        assertThat(rate.period()).isEqualTo(Duration.ofSeconds(seconds));
        assertThat(rate).hasToString(shown);
        assertThat(Rate.parse(rate.toString())).isEqualTo(rate);
    }

    @Test
    void offMeansNoLimit() {
        assertThat(Rate.parse("off").off()).isTrue();
        assertThat(Rate.parse(" OFF ")).isEqualTo(Rate.OFF).hasToString("off");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "fast",
                "6000",
                "0/1m",
                "-1/1m",
                "10/0s",
                "10/2d",
                "10/500ms",
                "10/1w",
                "2000001/1s",
                "1000000001/1d",
                "1/1m/1m",
                "1.5/1m",
                "ten/1m"
            })
    void malformedOrOutOfRangeRatesAreRefused(String text) {
        assertThatThrownBy(() -> Rate.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aBadRateStopsLoadingNamingTheKeyTheValueItsSourceAndTheSyntax() {
        assertThatThrownBy(() -> ConfigLoader.builder()
                        .env(Map.of("HELIX_LIMITS_GATEWAY_RATE", "lots"))
                        .load())
                .isInstanceOf(ConfigException.class)
                .hasMessage("invalid configuration: limits.gatewayRate = 'lots' (from environment variable "
                        + "HELIX_LIMITS_GATEWAY_RATE): expected " + Rate.TYPE.allowed());
    }

    @Test
    void badBulkheadValuesInTheFileNameTheKeyAndLine() throws IOException {
        Path f = dir.resolve("helix.yaml");
        Files.writeString(f, "limits:\n  commandsRate: 100/1m\n  defaultConcurrency: -1\n");
        assertThatThrownBy(() -> ConfigLoader.builder().file(f).env(Map.of()).load())
                .hasMessageContaining("limits.defaultConcurrency = '-1' (from file helix.yaml line 3)")
                .hasMessageContaining("an integer from 0 to 100000");
        Files.writeString(f, "limits:\n  adminQueueWait: 2h\n");
        assertThatThrownBy(() -> ConfigLoader.builder().file(f).env(Map.of()).load())
                .hasMessageContaining("limits.adminQueueWait = '2h'")
                .hasMessageContaining("from 0s to 1m");
        Files.writeString(f, "limits:\n  redisTimeout: 0ms\n");
        assertThatThrownBy(() -> ConfigLoader.builder().file(f).env(Map.of()).load())
                .hasMessageContaining("limits.redisTimeout = '0ms'");
        Files.writeString(f, "limits:\n  gatewayRates: 10/1s\n");
        assertThatThrownBy(() -> ConfigLoader.builder().file(f).env(Map.of()).load())
                .hasMessageContaining("unknown key 'limits.gatewayRates'")
                .hasMessageContaining("'limits.gatewayRate'");
    }

    @Test
    void classesAreSetFromTheFileAndOffWorks() throws IOException {
        Path f = dir.resolve("helix.yaml");
        Files.writeString(
                f,
                "limits:\n  gatewayRate: 60/1m\n  gatewayConcurrency: 0\n  publicRate: off\n"
                        + "  trustForwardedFor: true\n");
        HelixConfig.Limits l =
                ConfigLoader.builder().file(f).env(Map.of()).load().config().limits();
        assertThat(l.forClass(RouteClass.GATEWAY))
                .isEqualTo(
                        new HelixConfig.Limits.PerClass(new Rate(60, Duration.ofMinutes(1)), 0, Duration.ofSeconds(1)));
        assertThat(l.forClass(RouteClass.PUBLIC).rate().off()).isTrue();
        assertThat(l.trustForwardedFor()).isTrue();
    }

    @Test
    void serveRefusesToStartWithABadLimitAndSaysWhichKey() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(
                new PrintWriter(out, true),
                new PrintWriter(err, true),
                "serve",
                "--port",
                "0",
                "--data-dir",
                dir.toString(),
                "--set",
                "limits.publicRate=100/0s");
        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("limits.publicRate = '100/0s' (from flag --set limits.publicRate)");
        assertThat(out.toString()).doesNotContain("ready");
    }
}
