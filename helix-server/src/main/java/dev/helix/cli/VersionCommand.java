package dev.helix.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code helix version}: the version, commit and Java runtime. */
@Command(name = "version", mixinStandardHelpOptions = true, description = "Print the version and build commit.")
final class VersionCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().getOut().println(describe());
    }

    static String describe() {
        return Main.versionLine() + " on Java " + Runtime.version();
    }
}
