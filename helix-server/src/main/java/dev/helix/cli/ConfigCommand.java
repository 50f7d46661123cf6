package dev.helix.cli;

import dev.helix.ConfigCheck;
import dev.helix.ConfigReference;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code helix config check}: validate the configuration and print what is in effect, secrets masked. */
@Command(
        name = "config",
        mixinStandardHelpOptions = true,
        description = "Work with the configuration.",
        subcommands = {ConfigCommand.Check.class, ConfigCommand.Reference.class})
final class ConfigCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Prints every key with its default and description (the text of helix.reference.yaml). */
    @Command(
            name = "reference",
            mixinStandardHelpOptions = true,
            description = "Print every configuration key with its default and description.")
    static final class Reference implements Runnable {
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().getOut().print(ConfigReference.text());
            spec.commandLine().getOut().flush();
        }
    }

    /** Validates and prints the effective configuration. */
    @Command(
            name = "check",
            mixinStandardHelpOptions = true,
            description = "Validate the configuration and print every key's effective value and its source.")
    static final class Check implements Runnable {
        @Mixin
        ConfigOptions options;

        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            ConfigCheck check = ConfigCheck.of(options.load(), System.getenv());
            PrintWriter out = spec.commandLine().getOut();
            out.println("# Configuration is valid"
                    + check.loaded().file().map(f -> " (file " + f + ")").orElse(" (no file)")
                    + (check.warnings().isEmpty()
                            ? ""
                            : ", with " + check.warnings().size() + " warning(s)")
                    + ". Effective values, secrets masked:");
            check.warnings().forEach(w -> out.println("# WARNING: " + w));
            out.print(check.describe());
            out.flush();
        }
    }
}
