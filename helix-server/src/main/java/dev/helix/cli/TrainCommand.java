package dev.helix.cli;

import dev.helix.Helix;
import dev.helix.auth.KeysApi;
import dev.helix.config.HelixConfig;
import dev.helix.internal.Folders;
import dev.helix.monitor.MonitorApi;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;

/**
 * {@code helix train} (hidden): a short, self-contained run used by the launcher to record the JVM's ahead-of-time
 * cache — starts Helix on a free port with a temporary data folder, serves a few requests, stops.
 */
@Command(name = "train", hidden = true, description = "Exercise start-up once to record the JVM's AOT cache.")
final class TrainCommand implements Runnable {
    private static final String[] PATHS = {
        MonitorApi.LIVE, MonitorApi.READY, MonitorApi.STATUS, MonitorApi.METRICS, KeysApi.ME, "/nope"
    };

    @Override
    public void run() {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("helix-train");
            Path dataDir = dir;
            HelixConfig config = HelixConfig.defaults().toBuilder()
                    .server(s -> s.port(0))
                    .storage(s -> s.dataDir(dataDir).databaseUrl(""))
                    .build();
            try (Helix helix = Helix.create(config).start()) {
                exercise(helix.port(), helix.generatedAdminKey().orElse(""));
            }
        } catch (IOException e) {
            throw new IllegalStateException("training run failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            deleteQuietly(dir);
        }
    }

    private static void exercise(int port, String key) throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newHttpClient()) {
            for (int round = 0; round < 20; round++) {
                for (String path : PATHS) {
                    HttpRequest.Builder req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
                    if (round % 2 == 0) {
                        req.header("Authorization", "Bearer " + key);
                    }
                    client.send(req.build(), HttpResponse.BodyHandlers.discarding());
                }
            }
        }
    }

    private static void deleteQuietly(@Nullable Path dir) {
        if (dir == null) {
            return;
        }
        try {
            Folders.deleteTree(dir);
        } catch (IOException e) {
            // A leftover temporary folder is harmless.
        }
    }
}
