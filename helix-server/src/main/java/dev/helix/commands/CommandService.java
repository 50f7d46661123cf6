package dev.helix.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.helix.access.Principal;
import dev.helix.access.Role;
import dev.helix.bus.Event;
import dev.helix.bus.EventBus;
import dev.helix.commands.ChatText.Kind;
import dev.helix.commands.ChatText.Token;
import dev.helix.commands.CommandMetrics.Outcome;
import dev.helix.commands.CommandRegistry.Registration;
import dev.helix.events.EventLog;
import dev.helix.events.EventTypes;
import dev.helix.events.NewEvent;
import dev.helix.internal.Json;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Runs commands: finds the command (by name or from chat text), checks the caller's role and the agent, binds the
 * arguments, then runs the handler or reuses a cached result, recording metrics. Every refusal is a
 * {@link CommandException}; anything else a handler throws propagates unchanged (a 500 over HTTP).
 *
 * <p>Order of checks: the name (404), the caller's role (403), the agent (404, 403), then the arguments (400), so
 * a caller learns nothing about the arguments of a command it may not run.
 */
public final class CommandService implements AutoCloseable {
    /** The largest chat text, in UTF-8 bytes. */
    public static final int MAX_TEXT_BYTES = 8192;

    private static final String WORD = "[A-Za-z][A-Za-z0-9-]*(\\.[A-Za-z][A-Za-z0-9-]*)*";

    private final CommandRegistry registry;
    private final AgentPolicy agents;
    private final Clock clock;
    private final ResultCache cache;
    private final CommandMetrics metrics;
    private volatile EventBus.@Nullable Subscription subscription;
    private volatile @Nullable EventLog log;

    /** A service over {@code registry}, asking {@code agents} about agents and recording into {@code meters}. */
    public CommandService(CommandRegistry registry, AgentPolicy agents, Clock clock, MeterRegistry meters) {
        this(
                registry,
                agents,
                clock,
                meters,
                new ResultCache(ResultCache.DEFAULT_MAX_BYTES, Ticker.systemTicker(), ForkJoinPool.commonPool()));
    }

    CommandService(CommandRegistry registry, AgentPolicy agents, Clock clock, MeterRegistry meters, ResultCache cache) {
        this.registry = registry;
        this.agents = agents;
        this.clock = clock;
        this.metrics = new CommandMetrics(meters);
        this.cache = cache;
    }

    /** Writes a {@code commands.run} event to {@code log} for every command run, in the background. */
    public CommandService recordRunsIn(EventLog log) {
        this.log = log;
        return this;
    }

    /** Subscribes the result cache to every event on {@code bus}, to drop results their commands name. */
    public CommandService listenTo(EventBus bus) {
        subscription = bus.subscribe("command-cache", "*", this::onEvent);
        return this;
    }

    void onEvent(Event event) {
        cache.onEvent(event.type(), registry.specs());
    }

    /** The registry this service runs commands from. */
    public CommandRegistry registry() {
        return registry;
    }

    /**
     * Runs the command named {@code name} (canonical; {@code "state set"} also works) with named arguments
     * ({@code null} for none).
     */
    public CommandResult run(String name, @Nullable Map<String, JsonNode> args, Invocation call) {
        Registration command = byName(name);
        Map<String, JsonNode> given = args == null ? Map.of() : args;
        return execute(command, call, spec -> ArgumentBinder.fromJson(spec, given));
    }

    /** Runs chat text such as {@code !state set /a {"x": 1}}. */
    public CommandResult runText(String text, Invocation call) {
        checkSize(text);
        List<Token> tokens = ChatText.tokenize(text);
        int words = nameWords(tokens);
        for (int k = words; k >= 1; k--) {
            String name = join(tokens.subList(0, k));
            var command = registry.registration(name);
            if (command.isPresent()) {
                List<Token> rest = tokens.subList(k, tokens.size());
                return execute(command.get(), call, spec -> ArgumentBinder.fromTokens(spec, rest));
            }
        }
        throw registry.unknown(tokens.get(0).value());
    }

    List<CommandView> describeAll(Role caller) {
        return registry.specs().stream().map(s -> CommandView.of(s, caller)).toList();
    }

    CommandView describe(String name, Role caller) {
        return CommandView.of(byName(name).spec(), caller);
    }

    private CommandResult execute(Registration command, Invocation call, Function<CommandSpec, Arguments> bind) {
        CommandSpec spec = command.spec();
        long start = System.nanoTime();
        Outcome outcome = Outcome.SERVER_ERROR;
        try {
            authorise(spec, call);
            Arguments args = bind.apply(spec);
            CommandContext context = new CommandContext(call.caller(), call.requestId(), clock, call.agent());
            ResultCache.Result result = spec.cached()
                    ? cached(spec, call, args, () -> invoke(command, context, args))
                    : new ResultCache.Result(invoke(command, context, args), false);
            outcome = Outcome.SUCCESS;
            return new CommandResult(spec.name(), result.value(), result.cached(), millis(System.nanoTime() - start));
        } catch (RuntimeException | Error e) {
            outcome = Outcome.of(e);
            throw e;
        } finally {
            metrics.record(spec.name(), outcome, System.nanoTime() - start);
            recordRun(spec, call, outcome);
        }
    }

    /** Queues the {@code commands.run} event; the log writes it off the caller's thread. */
    private void recordRun(CommandSpec spec, Invocation call, Outcome outcome) {
        EventLog events = log;
        if (events == null) {
            return;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("command", spec.name());
        data.put("outcome", outcome.tag());
        call.agent().ifPresent(agent -> data.put("agent", agent));
        data.put("requestId", call.requestId());
        events.emitSoon(new NewEvent(
                EventTypes.COMMANDS_RUN, EventTypes.COMMANDS, call.caller().keyId(), data, clock.instant()));
    }

    private ResultCache.Result cached(CommandSpec spec, Invocation call, Arguments args, Supplier<JsonNode> compute) {
        ResultCache.Result result = cache.get(spec, args, call.caller().role(), call.agent(), compute);
        metrics.cache(spec.name(), result.cached());
        return result;
    }

    private static JsonNode invoke(Registration command, CommandContext context, Arguments args) {
        Object value = command.handler().run(context, args);
        return Json.mapper().valueToTree(value);
    }

    private void authorise(CommandSpec spec, Invocation call) {
        Principal caller = call.caller();
        if (!caller.role().atLeast(spec.role())) {
            throw CommandException.forbidden(
                    "command '" + spec.name() + "' needs the " + spec.role().id() + " role; key '" + caller.name()
                            + "' has role " + caller.role().id());
        }
        call.agent().ifPresent(agent -> authoriseAgent(spec, agent));
    }

    private void authoriseAgent(CommandSpec spec, String agent) {
        if (agent.isBlank() || agent.length() > CommandSpec.MAX_NAME_LENGTH) {
            throw CommandException.invalidRequest("'agent' must be an agent id of 1 to " + CommandSpec.MAX_NAME_LENGTH
                    + " characters, got " + ChatText.shorten(agent));
        }
        switch (agents.decide(agent, spec.name())) {
            case ALLOWED -> {}
            case DENIED ->
                throw CommandException.forbidden("agent '" + agent + "' may not run command '" + spec.name() + "'");
            case UNKNOWN_AGENT -> throw CommandException.unknownAgent("no agent has id '" + agent + "'");
        }
    }

    private Registration byName(String name) {
        if (name == null || name.isBlank()) {
            throw CommandException.invalidRequest("a command name is required");
        }
        if (name.length() > CommandSpec.MAX_NAME_LENGTH) {
            throw CommandException.invalidRequest(
                    "command names are at most " + CommandSpec.MAX_NAME_LENGTH + " characters; got " + name.length());
        }
        String canonical = name.trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", ".");
        return registry.registration(canonical).orElseThrow(() -> registry.unknown(name));
    }

    /** How many leading tokens may form the command name (at least one, or the text is rejected). */
    private int nameWords(List<Token> tokens) {
        int n = 0;
        while (n < tokens.size() && n < registry.maxWords() && isWord(tokens.get(n))) {
            n++;
        }
        if (n == 0) {
            throw CommandException.invalidRequest("expected a command name after '!', got "
                    + ChatText.shorten(tokens.get(0).raw()) + "; names are words such as 'help' or 'state set'");
        }
        if (tokens.get(0).value().length() > CommandSpec.MAX_NAME_LENGTH) {
            throw CommandException.invalidRequest("command names are at most " + CommandSpec.MAX_NAME_LENGTH
                    + " characters; got " + tokens.get(0).value().length());
        }
        return n;
    }

    private static boolean isWord(Token t) {
        return !t.named() && t.kind() == Kind.BARE && t.value().matches(WORD);
    }

    private static String join(List<Token> words) {
        return words.stream().map(t -> t.value().toLowerCase(Locale.ROOT)).collect(Collectors.joining("."));
    }

    private static void checkSize(String text) {
        if (text == null) {
            throw CommandException.invalidRequest("field 'text' is required, e.g. {\"text\":\"!help\"}");
        }
        if (text.length() > MAX_TEXT_BYTES / 3) {
            int bytes = text.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > MAX_TEXT_BYTES) {
                throw CommandException.invalidRequest(
                        "command text is " + bytes + " bytes; the limit is " + MAX_TEXT_BYTES);
            }
        }
    }

    private static double millis(long nanos) {
        return Math.round(nanos / 1_000.0) / 1_000.0;
    }

    /** Stops listening to the bus. */
    @Override
    public void close() {
        EventBus.Subscription s = subscription;
        if (s != null) {
            s.close();
        }
    }
}
