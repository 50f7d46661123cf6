package dev.helix.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.helix.access.Principal;
import dev.helix.access.Role;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CommandRegistryTest {
    private static final Principal ALICE = new Principal("key_1", "alice", Role.USER);
    private static final CommandSpec COUNTED =
            CommandSpec.builder("counted").summary("Counts").build();

    @Test
    void handlersAreCreatedOnFirstRunOnlyNotForListingOrHelp() {
        AtomicInteger created = new AtomicInteger();
        CommandRegistry registry = CommandRegistry.withBuiltins().register(COUNTED, () -> {
            created.incrementAndGet();
            return (context, args) -> "done";
        });
        CommandService service =
                new CommandService(registry, AgentPolicy.NONE, Clock.systemUTC(), new SimpleMeterRegistry());

        assertThat(registry.specs()).extracting(CommandSpec::name).containsExactly("counted", "help", "ping", "whoami");
        assertThat(service.describeAll(Role.USER)).hasSize(4);
        assertThat(service.describe("counted", Role.USER).usage()).isEqualTo("!counted");
        service.runText("!help", Invocation.of(ALICE, "r1"));
        service.runText("!help counted", Invocation.of(ALICE, "r2"));
        assertThat(created).hasValue(0);

        assertThat(service.run("counted", Map.of(), Invocation.of(ALICE, "r3"))
                        .result()
                        .textValue())
                .isEqualTo("done");
        service.runText("!counted", Invocation.of(ALICE, "r4"));
        assertThat(created).hasValue(1);
    }

    @Test
    void aNameIsRegisteredOnce() {
        CommandRegistry registry = new CommandRegistry().register(COUNTED, () -> (c, a) -> 1);
        assertThatThrownBy(() -> registry.register(COUNTED, () -> (c, a) -> 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("command 'counted' is already registered");
        assertThatThrownBy(() -> CommandRegistry.withBuiltins().register(BuiltinCommands.PING, () -> (c, a) -> 1))
                .hasMessage("command 'ping' is already registered");
    }

    @Test
    void aFailingFactoryIsAskedAgainAndNullIsRefused() {
        AtomicInteger calls = new AtomicInteger();
        CommandRegistry registry = new CommandRegistry()
                .register(COUNTED, () -> {
                    if (calls.incrementAndGet() == 1) {
                        throw new IllegalStateException("not ready");
                    }
                    return (c, a) -> "ok";
                })
                .register(CommandSpec.builder("nothing").summary("n").build(), () -> null);
        var registration = registry.registration("counted").orElseThrow();
        assertThatThrownBy(registration::handler).hasMessage("not ready");
        assertThat(registration.handler()).isSameAs(registration.handler());
        assertThat(calls).hasValue(2);
        assertThatThrownBy(() -> registry.registration("nothing").orElseThrow().handler())
                .hasMessage("the factory of command 'nothing' returned null");
    }

    @Test
    void specsAreValidatedWhenBuilt() {
        assertThatThrownBy(() -> CommandSpec.builder("State").summary("s").build())
                .hasMessageContaining("command name 'State' must be lower-case words");
        assertThatThrownBy(
                        () -> CommandSpec.builder("a".repeat(65)).summary("s").build())
                .hasMessageContaining("at most 64 characters");
        assertThatThrownBy(() -> CommandSpec.builder("x").build()).hasMessage("command 'x' needs a summary");
        assertThatThrownBy(() -> CommandSpec.builder("x")
                        .summary("s")
                        .argument(ArgumentSpec.optional("a", ArgType.STRING, ""))
                        .argument(ArgumentSpec.required("b", ArgType.STRING, ""))
                        .build())
                .hasMessageContaining("required argument 'b' cannot follow an optional one");
        assertThatThrownBy(() -> CommandSpec.builder("x")
                        .summary("s")
                        .argument(ArgumentSpec.required("a", ArgType.STRING, ""))
                        .argument(ArgumentSpec.required("a", ArgType.STRING, ""))
                        .build())
                .hasMessage("command 'x' declares argument 'a' twice");
        assertThatThrownBy(() -> CommandSpec.builder("x")
                        .summary("s")
                        .argument(ArgumentSpec.optional("a", ArgType.STRING, "").asRest())
                        .argument(ArgumentSpec.optional("b", ArgType.STRING, ""))
                        .build())
                .hasMessageContaining("only the last argument may take the rest of the text");
        assertThatThrownBy(() -> CommandSpec.builder("x")
                        .summary("s")
                        .cacheFor(Duration.ofSeconds(1))
                        .build())
                .hasMessage("command 'x' is cached, so it must be idempotent");
        assertThatThrownBy(() -> CommandSpec.builder("x")
                        .summary("s")
                        .idempotent()
                        .cacheFor(Duration.ofSeconds(1), "State!")
                        .build())
                .hasMessageContaining("event pattern 'State!' must be a type");
        assertThatThrownBy(() -> ArgumentSpec.optional("n", ArgType.INTEGER, "").withDefault("ten"))
                .hasMessage("the default of argument 'n' must be an integer, not \"ten\"");
        assertThatThrownBy(() -> ArgumentSpec.required("Bad Name", ArgType.STRING, ""))
                .hasMessageContaining("argument name 'Bad Name' must start with a lower-case letter");
    }

    @Test
    void usageShowsTheChatFormOfTheName() {
        CommandSpec set = CommandSpec.builder("state.set")
                .summary("Sets a value")
                .argument(ArgumentSpec.required("path", ArgType.STRING, "where"))
                .argument(ArgumentSpec.required("value", ArgType.JSON, "what"))
                .role(Role.ADMIN)
                .build();
        assertThat(set.usage()).isEqualTo("!state set <path> <value>");
        assertThat(BuiltinCommands.HELP.usage()).isEqualTo("!help [command...]");
    }
}
