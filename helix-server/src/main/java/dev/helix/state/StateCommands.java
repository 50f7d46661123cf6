package dev.helix.state;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.access.Role;
import dev.helix.commands.ArgType;
import dev.helix.commands.ArgumentSpec;
import dev.helix.commands.CommandException;
import dev.helix.commands.CommandRegistry;
import dev.helix.commands.CommandSpec;
import java.time.Duration;
import java.util.List;

/** The shared state's commands: {@code !state [path]} and {@code !state set <path> <value>}. */
public final class StateCommands {
    static final CommandSpec READ = CommandSpec.builder("state")
            .summary("Shows the shared state, or the value at a JSON Pointer path")
            .argument(ArgumentSpec.optional("path", ArgType.STRING, "a JSON Pointer such as /harmony/level")
                    .withDefault(""))
            .idempotent()
            .cacheFor(Duration.ofMinutes(5), SharedState.CHANGED)
            .build();

    /** What {@code !state} answers. */
    record Value(long version, String path, JsonNode value) {}

    private StateCommands() {}

    /** The names of the commands {@link #register} adds. */
    public static final List<String> NAMES = List.of(READ.name(), "state.set");

    /** Registers {@code state} and {@code state.set} (which needs {@code writeRole}) on {@code registry}. */
    public static void register(CommandRegistry registry, SharedState state, Role writeRole) {
        registry.register(READ, () -> (context, args) -> read(state, args.string("path")));
        registry.register(setSpec(writeRole), () -> (context, args) -> {
            StateSnapshot s = guarded(
                    () -> state.set(args.string("path"), args.json("value"), Author.of(context.caller(), "command")));
            return new Value(s.version(), args.string("path"), SharedState.at(s, args.string("path")));
        });
    }

    private static CommandSpec setSpec(Role writeRole) {
        return CommandSpec.builder(NAMES.get(1))
                .summary("Sets the value at a JSON Pointer path in the shared state, creating objects on the way")
                .argument(ArgumentSpec.required("path", ArgType.STRING, "a JSON Pointer such as /harmony/level"))
                .argument(ArgumentSpec.required("value", ArgType.JSON, "any JSON value; a bare word is a string"))
                .role(writeRole)
                .build();
    }

    private static Value read(SharedState state, String path) {
        StateSnapshot s = state.current();
        return new Value(s.version(), path, guarded(() -> SharedState.at(s, path)));
    }

    /** Runs {@code action}, turning the state's refusals into command errors. */
    private static <T> T guarded(java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (StateException e) {
            throw switch (e.kind()) {
                case NOT_FOUND -> CommandException.notFound(e.getMessage());
                case INVALID -> CommandException.invalidArgument(e.getMessage());
                case STALE_VERSION -> CommandException.conflict(e.getMessage());
            };
        }
    }
}
