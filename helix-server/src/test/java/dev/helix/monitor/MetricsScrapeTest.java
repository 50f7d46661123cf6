package dev.helix.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helix.config.ConfigLoader;
import dev.helix.config.HelixConfig;
import dev.helix.internal.Folders;
import dev.helix.testing.HelixClient;
import dev.helix.testing.HelixServerExtension;
import dev.helix.testing.TestServices;
import dev.helix.testkit.MockLlmServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code GET /metrics} after a mix of requests over many routes and statuses, gateway calls included: it stays small,
 * every histogram has a short fixed set of buckets, and {@code promtool check metrics} has nothing to report.
 */
@Timeout(120)
class MetricsScrapeTest {
    /** Most bucket lines one histogram series may have, {@code +Inf} included. */
    private static final int MAX_BUCKETS = 14;
    /** Largest scrape after the mix below: about 55 KiB now, over 180 KiB with Micrometer's percentile histograms. */
    private static final int MAX_BYTES = 80 * 1024;

    private static final String CHAT = "{\"model\":\"fast\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]";
    private static final MockLlmServer LLM = MockLlmServer.start();
    private static Path configDir;

    @RegisterExtension
    static HelixServerExtension server = new HelixServerExtension().config(MetricsScrapeTest::withGateway);

    private static String scrape;

    private static HelixConfig withGateway(HelixConfig test) {
        try {
            configDir = Files.createTempDirectory("helix-metrics");
            Path file = Files.writeString(configDir.resolve("helix.yaml"), """
                    gateway:
                      providers:
                        - {id: mock, kind: openai, baseUrl: "%s", apiKey: sk-test, healthCheck: false}
                      models:
                        - name: fast
                          deployments: [{provider: mock, model: fast-1, pricePerMillion: {input: 0.15, output: 0.6}}]
                    """.formatted(LLM.baseUrl()));
            HelixConfig fromFile =
                    ConfigLoader.builder().file(file).env(Map.of()).load().config();
            return fromFile.toBuilder()
                    .server(test.server())
                    .auth(test.auth())
                    .storage(test.storage())
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeAll
    static void mixedTraffic() {
        HelixClient client = server.client();
        String key = client.adminKey();
        for (int round = 0; round < 3; round++) {
            for (String path : new String[] {"/health/live", "/health/ready", "/status", "/metrics", "/nope"}) {
                client.get(path, null);
            }
            for (String path : new String[] {
                "/api/v1/me",
                "/api/v1/state",
                "/api/v1/agents",
                "/api/v1/agents/nobody",
                "/api/v1/state/versions/999999",
                "/api/v1/keys/key_none",
                "/v1/models"
            }) {
                client.get(path, key);
            }
            client.get("/api/v1/me", null);
            client.send(
                    "PATCH",
                    "/api/v1/state",
                    key,
                    "application/merge-patch+json",
                    "{\"n\":" + round + "}",
                    "If-Match",
                    "*");
            client.postJson("/api/v1/commands/ping", "{}", key);
            client.postJson("/v1/chat/completions", CHAT + "}", key);
            client.postJson("/v1/chat/completions", CHAT + ",\"stream\":true}", key);
            client.postJson("/v1/chat/completions", CHAT.replace("fast", "none") + "}", key);
        }
        scrape = client.get("/metrics", null).body();
    }

    @AfterAll
    static void stopMock() throws IOException {
        LLM.close();
        if (configDir != null) {
            Folders.deleteTree(configDir);
        }
    }

    @Test
    void theScrapeStaysSmallAfterMixedTraffic() {
        assertThat(scrape)
                .contains(
                        "http_server_requests_seconds_bucket{",
                        "helix_gateway_upstream_seconds_bucket{",
                        "helix_gateway_ttft_seconds_bucket{",
                        "helix_gateway_overhead_seconds_bucket{",
                        "route=\"/api/v1/agents/{id}\",status=\"404\"");
        assertThat(scrape.getBytes(StandardCharsets.UTF_8).length)
                .as("bytes of /metrics")
                .isLessThan(MAX_BYTES);
    }

    @Test
    void everyHistogramHasAShortFixedSetOfBuckets() {
        Map<String, Integer> buckets = bucketsPerSeries(scrape);
        assertThat(buckets).isNotEmpty();
        assertThat(buckets)
                .allSatisfy((series, count) -> assertThat(count).as(series).isLessThanOrEqualTo(MAX_BUCKETS));
        List<String> http = scrape.lines()
                .filter(l -> l.startsWith("http_server_requests_seconds_bucket{"))
                .toList();
        assertThat(http)
                .anyMatch(l -> l.contains("le=\"0.005\""))
                .anyMatch(l -> l.contains("le=\"5.0\""))
                .noneMatch(l -> l.contains("outcome="))
                .noneMatch(l -> l.contains("node="));
    }

    @Test
    void processCpuAndProcessorsHaveConventionalNames() {
        List<String> names = scrape.lines()
                .filter(l -> !l.startsWith("#"))
                .map(l -> l.replaceAll("[{ ].*", ""))
                .toList();
        assertThat(names)
                .contains("process_cpu_seconds_total", "jvm_available_processors")
                .doesNotContain("process_cpu_time_ns_total", "system_cpu_count");
    }

    @Test
    void promtoolFindsNothingToReport() throws Exception {
        Path promtool = TestServices.promtool();
        Process p = new ProcessBuilder(promtool.toString(), "check", "metrics")
                .redirectErrorStream(true)
                .start();
        try (var in = p.getOutputStream()) {
            in.write(scrape.getBytes(StandardCharsets.UTF_8));
        }
        String report = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(report).as("promtool check metrics").isEmpty();
        assertThat(p.exitValue()).isZero();
    }

    /** Bucket lines per histogram series: name and labels without {@code le}. */
    static Map<String, Integer> bucketsPerSeries(String text) {
        Map<String, Integer> out = new TreeMap<>();
        for (String line : text.split("\n")) {
            int brace = line.indexOf('{');
            if (brace > 0 && line.substring(0, brace).endsWith("_bucket")) {
                String series = line.substring(0, line.lastIndexOf('}')).replaceAll(",?le=\"[^\"]*\"", "");
                out.merge(series, 1, Integer::sum);
            }
        }
        return out;
    }
}
