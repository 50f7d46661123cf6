package dev.helix.commands;

import dev.helix.access.Role;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** The commands every Helix has: {@code help}, {@code ping} and {@code whoami}. */
final class BuiltinCommands {
    static final CommandSpec HELP = CommandSpec.builder("help")
            .summary("Lists the commands with their usage, or describes one")
            .argument(ArgumentSpec.optional("command", ArgType.STRING, "a command name, e.g. 'state set'")
                    .asRest())
            .idempotent()
            .build();
    static final CommandSpec PING = CommandSpec.builder("ping")
            .summary("Answers pong with the server time")
            .idempotent()
            .build();
    static final CommandSpec WHOAMI = CommandSpec.builder("whoami")
            .summary("Shows the calling API key's name, id and role")
            .idempotent()
            .build();

    /** One line of {@code !help}. */
    record HelpLine(String name, String usage, String summary, boolean allowed) {}

    /** The answer to {@code !help}. */
    record HelpList(List<HelpLine> commands) {}

    /** The answer to {@code !ping}. */
    record Pong(String reply, Instant serverTime) {}

    /** The answer to {@code !whoami}. */
    record Caller(String name, String id, Role role) {}

    private BuiltinCommands() {}

    static void registerAll(CommandRegistry registry) {
        registry.register(
                HELP, () -> (context, args) -> help(registry, context.caller().role(), args));
        registry.register(
                PING, () -> (context, args) -> new Pong("pong", context.clock().instant()));
        registry.register(
                WHOAMI,
                () -> (context, args) -> new Caller(
                        context.caller().name(),
                        context.caller().keyId(),
                        context.caller().role()));
    }

    private static Object help(CommandRegistry registry, Role role, Arguments args) {
        if (!args.has("command")) {
            return new HelpList(registry.specs().stream()
                    .map(s -> new HelpLine(s.name(), s.usage(), s.summary(), role.atLeast(s.role())))
                    .toList());
        }
        String asked = args.string("command").trim();
        String name = (asked.startsWith("!") ? asked.substring(1) : asked)
                .trim()
                .toLowerCase(Locale.ROOT)
                .replaceAll("\\s+", ".");
        return registry.spec(name).map(s -> CommandView.of(s, role)).orElseThrow(() -> registry.unknown(asked));
    }
}
