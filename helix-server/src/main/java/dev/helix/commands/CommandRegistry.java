package dev.helix.commands;

import dev.helix.internal.Suggestions;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;

/**
 * Every command Helix knows, by canonical name: each a {@link CommandSpec} plus a factory that creates its handler
 * on first use. Listing and help read only the specs, so registering is cheap and a command's dependencies are not
 * touched until someone runs it. Commands may be registered before or after start; a name is registered once.
 *
 * <pre>{@code helix.commands().register(StateCommands.SET, () -> new StateSet(state));}</pre>
 */
public final class CommandRegistry {
    private final ConcurrentSkipListMap<String, Registration> commands = new ConcurrentSkipListMap<>();
    private final AtomicInteger maxWords = new AtomicInteger(1);
    private volatile Runnable onRegister = () -> {};

    /** An empty registry. */
    public CommandRegistry() {}

    /** A registry holding the built-in commands: {@code help}, {@code ping} and {@code whoami}. */
    public static CommandRegistry withBuiltins() {
        CommandRegistry registry = new CommandRegistry();
        BuiltinCommands.registerAll(registry);
        return registry;
    }

    /**
     * Adds a command; {@code factory} is called once, on the first run, and must not return null.
     *
     * @throws IllegalArgumentException if a command with the same name is already registered
     */
    public CommandRegistry register(CommandSpec spec, Supplier<? extends Command> factory) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(factory, "factory");
        if (commands.putIfAbsent(spec.name(), new Registration(spec, factory)) != null) {
            throw new IllegalArgumentException("command '" + spec.name() + "' is already registered");
        }
        maxWords.accumulateAndGet(spec.name().split("\\.").length, Math::max);
        try {
            onRegister.run();
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(CommandRegistry.class)
                    .warn("after registering command '{}': {}", spec.name(), e.toString());
        }
        return this;
    }

    /** Runs {@code listener} after each command is registered (e.g. to announce that the list changed). */
    public CommandRegistry onRegister(Runnable listener) {
        this.onRegister = Objects.requireNonNull(listener, "listener");
        return this;
    }

    /** The spec of the command named {@code name} (canonical, dotted), if registered. */
    public Optional<CommandSpec> spec(String name) {
        return registration(name).map(Registration::spec);
    }

    /** Every spec, sorted by name. */
    public List<CommandSpec> specs() {
        return commands.values().stream().map(Registration::spec).toList();
    }

    Set<String> names() {
        return commands.keySet();
    }

    Optional<Registration> registration(String name) {
        return Optional.ofNullable(commands.get(name));
    }

    /** The error for a name no command has, naming the closest ones ("did you mean 'state', 'status'?"). */
    CommandException unknown(String asked) {
        String shown = asked.length() > CommandSpec.MAX_NAME_LENGTH
                ? asked.substring(0, CommandSpec.MAX_NAME_LENGTH) + "…"
                : asked;
        String typed = shown.trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", ".");
        List<String> close = Suggestions.similar(typed, commands.keySet(), 3);
        String hint = close.isEmpty()
                ? "; '!help' lists the commands"
                : "; did you mean " + close.stream().map(n -> "'" + n + "'").collect(Collectors.joining(", ")) + "?";
        return CommandException.unknownCommand("unknown command '" + shown + "'" + hint, close);
    }

    /** The most words in any registered name: how many leading chat words can form a name. */
    int maxWords() {
        return maxWords.get();
    }

    /** A registered command: its spec, and its handler once created. */
    static final class Registration {
        private final CommandSpec spec;
        private final Supplier<? extends Command> factory;
        private final ReentrantLock lock = new ReentrantLock();
        private volatile @Nullable Command handler;

        private Registration(CommandSpec spec, Supplier<? extends Command> factory) {
            this.spec = spec;
            this.factory = factory;
        }

        CommandSpec spec() {
            return spec;
        }

        /** The handler, created on the first call (a factory that throws is asked again next time). */
        Command handler() {
            Command h = handler;
            if (h != null) {
                return h;
            }
            lock.lock();
            try {
                if (handler == null) {
                    handler = Objects.requireNonNull(
                            factory.get(), () -> "the factory of command '" + spec.name() + "' returned null");
                }
                return handler;
            } finally {
                lock.unlock();
            }
        }
    }
}
