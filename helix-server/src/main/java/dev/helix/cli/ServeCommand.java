package dev.helix.cli;

import dev.helix.ConfigCheck;
import dev.helix.Helix;
import dev.helix.config.HelixConfig;
import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import sun.misc.Signal;

/**
 * {@code helix serve}: run Helix until SIGTERM or SIGINT, then stop gracefully and exit 0.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run Helix (migrates the database first). Stops gracefully on SIGTERM or Ctrl-C.")
final class ServeCommand implements Runnable {
    @Mixin
    ConfigOptions options;
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        HelixConfig config = options.configure();
        ConfigCheck.of(options.load(), System.getenv()); // the same checks as 'helix config check'
        Helix helix = Helix.create(config).start();
        helix.generatedAdminKey().ifPresent(key -> announce(spec.commandLine().getOut(), key));
        CountDownLatch stopped = new CountDownLatch(1);
        Runnable stop = () -> {
            helix.stop();
            stopped.countDown();
        };
        Signal.handle(new Signal("TERM"), s -> stop.run());
        Signal.handle(new Signal("INT"), s -> stop.run());
        Runtime.getRuntime().addShutdownHook(new Thread(helix::stop, "helix-shutdown"));
        awaitQuietly(stopped);
    }

    private static void announce(PrintWriter out, String key) {
        out.println();
        out.println("  No API key existed, so Helix created an admin key. It is shown only this once:");
        out.println();
        out.println("      " + key);
        out.println();
        out.println("  Use it as 'Authorization: Bearer <key>'. Create more with 'helix keys create'.");
        out.println();
        out.flush();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
