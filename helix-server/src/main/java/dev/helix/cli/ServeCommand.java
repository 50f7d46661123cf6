package dev.helix.cli;

import dev.helix.ConfigCheck;
import dev.helix.Helix;
import dev.helix.config.HelixConfig;
import dev.helix.config.LoadedConfig;
import dev.helix.config.LogFormat;
import dev.helix.internal.Json;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code helix serve}: run Helix until SIGTERM or SIGINT, then stop gracefully and exit 0.
 */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = "Run Helix (migrates the database first). Stops gracefully on SIGTERM or Ctrl-C.")
final class ServeCommand implements Runnable {
    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        LoadedConfig loaded = options.configure();
        ConfigCheck.of(loaded, System.getenv()); // the same checks as 'helix config check', before anything starts
        HelixConfig config = loaded.config();
        Helix helix = Helix.create(config).start();
        boolean json = config.logging().format() == LogFormat.JSON;
        helix.generatedAdminKey().ifPresent(key -> announce(spec.commandLine().getOut(), key, json));
        CountDownLatch stopped = new CountDownLatch(1);
        Runnable stop = () -> {
            helix.stop();
            stopped.countDown();
        };
        StopSignals.onStop(stop);
        Runtime.getRuntime().addShutdownHook(new Thread(helix::stop, "helix-shutdown"));
        awaitQuietly(stopped);
    }

    /**
     * Shows a generated admin key once, on standard output and never through the logger: a text block, or with JSON
     * logs one JSON line like theirs with the key in {@code adminKey}.
     */
    private static void announce(PrintWriter out, String key, boolean json) {
        if (json) {
            out.println(jsonAnnouncement(key));
        } else {
            textAnnouncement(out, key);
        }
        out.flush();
    }

    private static String jsonAnnouncement(String key) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("timestamp", System.currentTimeMillis());
        line.put("level", "INFO");
        line.put(
                "formattedMessage",
                "No API key existed, so Helix created an admin key, shown only this once in "
                        + "adminKey. Use it as 'Authorization: Bearer <key>'. Create more with 'helix keys create'.");
        line.put("adminKey", key);
        return new String(Json.bytes(line), StandardCharsets.UTF_8);
    }

    private static void textAnnouncement(PrintWriter out, String key) {
        out.println();
        out.println("  No API key existed, so Helix created an admin key. It is shown only this once:");
        out.println();
        out.println("      " + key);
        out.println();
        out.println("  Use it as 'Authorization: Bearer <key>'. Create more with 'helix keys create'.");
        out.println();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
