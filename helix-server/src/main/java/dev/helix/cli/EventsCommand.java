package dev.helix.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code helix events tail}: the event log of a running server, through its HTTP API. */
@Command(
        name = "events",
        mixinStandardHelpOptions = true,
        description = "Follow the event log of a running Helix.",
        subcommands = {EventsTail.class})
final class EventsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
