package dev.helix.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.helix.internal.Json;
import dev.helix.maintenance.Maintenance;
import dev.helix.maintenance.MaintenanceException;
import dev.helix.maintenance.MaintenanceMode;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code helix maintenance on|off|status}: the read-only maintenance mode, changed directly in the database the
 * server uses (found by the same configuration as {@code helix serve}; see {@link ServerDatabase}), so it works
 * without an API key and while no node runs. The change's event reaches running nodes like any other: at once on
 * PostgreSQL, at their next read of the event log on SQLite.
 */
@Command(
        name = "maintenance",
        mixinStandardHelpOptions = true,
        description = {
            "Turn the read-only maintenance mode on or off, or show it.",
            "They act on the server's database, found by the same configuration as 'serve' (--config, $HELIX_CONFIG or "
                    + "./helix.yaml, HELIX_* variables, flags), and say which on standard error. Running servers "
                    + "follow within events.pollInterval (1 s), on PostgreSQL at once."
        },
        subcommands = {MaintenanceCommand.On.class, MaintenanceCommand.Off.class, MaintenanceCommand.Status.class})
final class MaintenanceCommand implements Runnable {
    private static final String FOLLOW =
            "Running servers follow within events.pollInterval (1 s), on PostgreSQL at once.";

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs {@code action} on the maintenance mode of the server's database, which must exist. */
    static Maintenance withMode(
            ConfigOptions options, CommandSpec spec, Function<MaintenanceMode, Maintenance> action) {
        try (ServerDatabase db =
                ServerDatabase.existing(options, spec.commandLine().getErr())) {
            MaintenanceMode mode = new MaintenanceMode(db.database(), Clock.systemUTC());
            mode.load();
            return action.apply(mode);
        }
    }

    /** Prints {@code m} as JSON: what the API shows an admin. */
    static void printJson(PrintWriter out, Maintenance m) {
        Map<String, Object> view = m.view();
        view.put("by", m.by());
        out.println(new String(Json.bytes(view), UTF_8));
    }

    /** {@code m} in one line, e.g. {@code on since 2026-12-07T10:00:00Z (set at the command line): …}. */
    static String describe(Maintenance m) {
        String who = m.by() == null ? "at the command line" : "by key " + m.by();
        if (m.enabled()) {
            return "on since " + m.since() + " (set " + who + "): every write answers 503 with Retry-After: "
                    + m.retryAfter() + " and \"" + m.message() + "\"";
        }
        return m.since() == null ? "off (never turned on)" : "off since " + m.since() + " (turned off " + who + ")";
    }

    /** {@code helix maintenance on [--message TEXT] [--retry-after SECONDS]}. */
    @Command(
            name = "on",
            mixinStandardHelpOptions = true,
            description = "Make every node read-only: writes answer 503 with Retry-After and the message.")
    static final class On implements Runnable {
        @Mixin
        ConfigOptions options;

        @Spec
        CommandSpec spec;

        @Option(
                names = "--message",
                paramLabel = "TEXT",
                description = "What refused writes are told, up to 1000 characters (default: \""
                        + Maintenance.DEFAULT_MESSAGE + "\").")
        @Nullable
        String message;

        @Option(
                names = "--retry-after",
                paramLabel = "SECONDS",
                description = "The Retry-After refused writes get, 1 to 86400 (default: 300).")
        @Nullable
        Integer retryAfter;

        @Option(names = "--json", description = "Print the mode as JSON.")
        boolean json;

        @Override
        public void run() {
            String text = message == null ? Maintenance.DEFAULT_MESSAGE : message;
            int seconds = retryAfter == null ? Maintenance.DEFAULT_RETRY_AFTER : retryAfter;
            Maintenance m;
            try {
                m = withMode(options, spec, mode -> mode.turnOn(text, seconds, null));
            } catch (MaintenanceException e) {
                String option = e.field().equals("retryAfter") ? "--retry-after" : "--" + e.field();
                throw new CommandLine.ParameterException(spec.commandLine(), option + " " + e.problem());
            }
            report(spec, json, m);
        }
    }

    /** {@code helix maintenance off}. */
    @Command(name = "off", mixinStandardHelpOptions = true, description = "Let every node accept writes again.")
    static final class Off implements Runnable {
        @Mixin
        ConfigOptions options;

        @Spec
        CommandSpec spec;

        @Option(names = "--json", description = "Print the mode as JSON.")
        boolean json;

        @Override
        public void run() {
            report(spec, json, withMode(options, spec, mode -> mode.turnOff(null)));
        }
    }

    /** {@code helix maintenance status}. */
    @Command(name = "status", mixinStandardHelpOptions = true, description = "Show the maintenance mode.")
    static final class Status implements Runnable {
        @Mixin
        ConfigOptions options;

        @Spec
        CommandSpec spec;

        @Option(names = "--json", description = "Print the mode as JSON.")
        boolean json;

        @Override
        public void run() {
            Maintenance m = withMode(options, spec, MaintenanceMode::current);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                printJson(out, m);
            } else {
                out.println("Maintenance mode is " + describe(m) + ".");
            }
        }
    }

    private static void report(CommandSpec spec, boolean json, Maintenance m) {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            printJson(out, m);
        } else {
            out.println("Maintenance mode is " + describe(m) + ". " + FOLLOW);
        }
    }
}
