package dev.helix.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.helix.auth.InvalidKeyRequestException;
import dev.helix.auth.KeyNotFoundException;
import dev.helix.config.ConfigException;
import dev.helix.http.ServerStartException;
import dev.helix.internal.HelixVersion;
import dev.helix.storage.StorageException;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code helix} command line: serve, migrate, keys, maintenance, events, config check, version. */
@Command(
        name = "helix",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Helix: the backend for collectives of AI agents.",
        subcommands = {
            ServeCommand.class,
            MigrateCommand.class,
            KeysCommand.class,
            MaintenanceCommand.class,
            EventsCommand.class,
            ConfigCommand.class,
            VersionCommand.class,
            TrainCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {
    /** Exit status for invalid configuration or usage. */
    static final int EXIT_CONFIG = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit status (0 = success). */
    public static int run(String... args) {
        return run(
                new PrintWriter(new BufferedWriter(new OutputStreamWriter(System.out, UTF_8)), true),
                new PrintWriter(new BufferedWriter(new OutputStreamWriter(System.err, UTF_8)), true),
                args);
    }

    /** Runs the command line writing to {@code out} and {@code err}; returns the exit status. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new Main()).setOut(out).setErr(err);
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            PrintWriter errors = cmd.getErr();
            if (e instanceof ConfigException) {
                errors.println("helix: " + e.getMessage());
                return EXIT_CONFIG;
            }
            if (e instanceof StorageException
                    || e instanceof KeyNotFoundException
                    || e instanceof InvalidKeyRequestException
                    || e instanceof ServerStartException) {
                errors.println("helix: " + e.getMessage());
                return 1;
            }
            errors.println("helix: unexpected failure: " + e);
            e.printStackTrace(errors);
            return 1;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code helix --version}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {VersionCommand.describe()};
        }
    }

    static String versionLine() {
        return "helix " + HelixVersion.version() + " (commit " + HelixVersion.commit() + ")";
    }
}
