package dev.helix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helix.auth.KeySecrets;
import dev.helix.http.Responses;
import dev.helix.internal.Json;
import dev.helix.testing.Await;
import dev.helix.testing.HelixClient;
import dev.helix.testing.HelixServerExtension;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HelixLifecycleTest {
    @TempDir
    Path dir;

    @Test
    void stopLetsInFlightRequestsFinishThenRefusesConnections() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        Helix helix = Helix.create(
                        HelixServerExtension.testConfig(dir, KeySecrets.generate()),
                        Clock.systemUTC(),
                        List.of(routes -> routes.get("/api/v1/test/slow", (req, res) -> {
                            entered.countDown();
                            Thread.sleep(700);
                            Responses.ok(res, Map.of("done", true));
                        })))
                .start();
        HelixClient client = new HelixClient(
                "http://127.0.0.1:" + helix.port(), helix.config().auth().adminKey());
        CompletableFuture<HelixClient.Reply> slow =
                CompletableFuture.supplyAsync(() -> client.get("/api/v1/test/slow"));
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        helix.stop();
        HelixClient.Reply reply = slow.get(10, TimeUnit.SECONDS);
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("done").asBoolean()).isTrue();
        HttpClient fresh = HttpClient.newHttpClient();
        try {
            fresh.send(
                    HttpRequest.newBuilder(URI.create(client.base() + "/health/live"))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            org.junit.jupiter.api.Assertions.fail("a stopped server accepted a connection");
        } catch (ConnectException expected) {
            // Stopped servers refuse new connections.
        }
    }

    @Test
    void sigtermStopsTheProcessGracefullyWithExitCodeZeroAndJsonLogs() throws Exception {
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        Path log = dir.resolve("helix.log");
        ProcessBuilder builder = new ProcessBuilder(
                javaBin.toString(),
                "-Xmx128m",
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.helix.cli.Main",
                "serve",
                "--port",
                "0",
                "--data-dir",
                dir.resolve("data").toString(),
                "--log-format",
                "json");
        builder.environment().put("HELIX_ADMIN_KEY", KeySecrets.generate());
        Process p =
                builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            int port = awaitPort(log);
            HttpResponse<String> live = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/live"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(live.statusCode()).isEqualTo(200);
            p.destroy();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isZero();
            List<String> lines =
                    Files.readAllLines(log).stream().filter(l -> !l.isBlank()).toList();
            assertThat(lines)
                    .as("every line is a JSON object")
                    .allSatisfy(l -> assertThat(
                                    Json.mapper().readTree(l).get("level").asText())
                            .isNotBlank());
            assertThat(String.join("\n", lines)).contains("Helix stopping").contains("Helix stopped");
        } finally {
            p.destroyForcibly();
        }
        assertThat(Files.exists(dir.resolve("data/helix.db"))).isTrue();
    }

    private static int awaitPort(Path log) {
        Pattern ready = Pattern.compile("ready on http://127\\.0\\.0\\.1:(\\d+)");
        Supplier<String> text = Await.textOf(log);
        Matcher m = ready.matcher(Await.until(
                Duration.ofSeconds(60),
                () -> text.get().replace("\\/", "/"),
                t -> ready.matcher(t).find()));
        m.find();
        return Integer.parseInt(m.group(1));
    }
}
