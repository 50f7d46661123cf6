package dev.helix.monitor;

import dev.helix.commands.CommandRegistry;
import dev.helix.commands.CommandSpec;

/** {@code !status}: the same report as {@code GET /status}. */
public final class StatusCommand {
    static final CommandSpec SPEC = CommandSpec.builder("status")
            .summary("Shows this node's version, uptime, health and the collective's figures")
            .idempotent()
            .build();

    /** The name of the command {@link #register} adds. */
    public static final String NAME = SPEC.name();

    private StatusCommand() {}

    /** Registers {@code status} on {@code registry}. */
    public static void register(CommandRegistry registry, StatusReport report) {
        registry.register(SPEC, () -> (context, args) -> report.current());
    }
}
