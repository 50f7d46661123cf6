package dev.helix.commands;

/**
 * A command's handler: what runs when a caller sends {@code !name …} or {@code POST /api/v1/commands/{name}}.
 *
 * <p>It receives arguments already validated against its {@link CommandSpec} and returns any value Jackson can
 * serialise (a record, a map, a list, a string, a {@code JsonNode}, or null). To refuse a call it throws a
 * {@link CommandException} ({@code notFound}, {@code invalidArgument}, {@code forbidden}, {@code conflict}); any other
 * exception is a fault, answered with 500 and logged. Results of cached commands are shared between callers with the
 * same role, so they must depend only on the arguments, the caller's role, the agent and the Helix state.
 */
@FunctionalInterface
public interface Command {
    /** Runs the command once. */
    Object run(CommandContext context, Arguments args);
}
