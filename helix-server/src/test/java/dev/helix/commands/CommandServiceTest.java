package dev.helix.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.helix.access.Principal;
import dev.helix.access.Role;
import dev.helix.bus.Event;
import dev.helix.bus.InProcessEventBus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class CommandServiceTest {
    private static final Principal ALICE = new Principal("key_alice", "alice", Role.USER);
    private static final Principal ROOT = new Principal("key_root", "root", Role.ADMIN);
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2030-01-02T03:04:05Z"), ZoneOffset.UTC);

    private final AtomicInteger runs = new AtomicInteger();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final CommandRegistry registry = CommandRegistry.withBuiltins()
            .register(
                    CommandSpec.builder("state")
                            .summary("Shows state")
                            .argument(ArgumentSpec.optional("path", ArgType.STRING, "where")
                                    .withDefault(""))
                            .idempotent()
                            .cacheFor(Duration.ofMinutes(5), "state.changed")
                            .build(),
                    () -> (c, a) -> Map.of("path", a.string("path"), "run", runs.incrementAndGet()))
            .register(
                    CommandSpec.builder("state.set")
                            .summary("Sets state")
                            .role(Role.ADMIN)
                            .argument(ArgumentSpec.required("path", ArgType.STRING, "where"))
                            .argument(ArgumentSpec.required("value", ArgType.JSON, "what"))
                            .build(),
                    () -> (c, a) -> Map.of("path", a.string("path"), "value", a.json("value")))
            .register(CommandSpec.builder("boom").summary("Fails").build(), () -> (c, a) -> {
                throw new IllegalStateException("secret");
            });

    private CommandService service(AgentPolicy agents) {
        return new CommandService(registry, agents, CLOCK, meters);
    }

    private final CommandService service = service(AgentPolicy.NONE);

    private static void assertKind(Runnable call, CommandException.Kind kind, String message) {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(
                        CommandException.class, e -> assertThat(e.kind()).isEqualTo(kind))
                .hasMessage(message);
    }

    @Test
    void theLongestRegisteredNameWins() {
        CommandResult set = service.runText("!state set /a {\"x\": 1, \"y\": [1, 2]}", Invocation.of(ROOT, "r"));
        assertThat(set.command()).isEqualTo("state.set");
        assertThat(set.result().get("value").toString()).isEqualTo("{\"x\":1,\"y\":[1,2]}");
        assertThat(service.runText("!state /harmony", Invocation.of(ALICE, "r"))
                        .result()
                        .get("path")
                        .textValue())
                .isEqualTo("/harmony");
        assertThat(service.runText("!state.set /a 1", Invocation.of(ROOT, "r")).command())
                .isEqualTo("state.set");
        assertThat(service.runText("!State SET /a 1", Invocation.of(ROOT, "r")).command())
                .isEqualTo("state.set");
        assertThat(service.describe("state set", Role.USER).name()).isEqualTo("state.set");
    }

    @Test
    void unknownCommandsSuggestTheClosestNames() {
        registry.register(CommandSpec.builder("status").summary("Status").build(), () -> (c, a) -> "ok");
        assertKind(
                () -> service.runText("!stat", Invocation.of(ALICE, "r")),
                CommandException.Kind.UNKNOWN_COMMAND,
                "unknown command 'stat'; did you mean 'state', 'status', 'state.set'?");
        assertKind(
                () -> service.run("pnig", Map.of(), Invocation.of(ALICE, "r")),
                CommandException.Kind.UNKNOWN_COMMAND,
                "unknown command 'pnig'; did you mean 'ping'?");
        assertKind(
                () -> service.run("xyzzy", Map.of(), Invocation.of(ALICE, "r")),
                CommandException.Kind.UNKNOWN_COMMAND,
                "unknown command 'xyzzy'; '!help' lists the commands");
        assertKind(
                () -> service.runText("!/a", Invocation.of(ALICE, "r")),
                CommandException.Kind.INVALID_REQUEST,
                "expected a command name after '!', got '/a'; names are words such as 'help' or 'state set'");
    }

    @Test
    void theCallersRoleIsCheckedBeforeTheArguments() {
        assertKind(
                () -> service.runText("!state set", Invocation.of(ALICE, "r")),
                CommandException.Kind.FORBIDDEN,
                "command 'state.set' needs the admin role; key 'alice' has role user");
        assertKind(
                () -> service.runText("!state set", Invocation.of(ROOT, "r")),
                CommandException.Kind.INVALID_ARGUMENT,
                "missing required argument 'path' (string: where); usage: !state set <path> <value>");
    }

    @Test
    void agentsAreCheckedWithThePolicy() {
        Invocation forAnn = new Invocation(ROOT, "r", Optional.of("ann"));
        assertKind(
                () -> service.runText("!ping", forAnn), CommandException.Kind.UNKNOWN_AGENT, "no agent has id 'ann'");
        CommandService withAgents = service((agent, command) -> !agent.equals("ann")
                ? AgentPolicy.Decision.UNKNOWN_AGENT
                : command.equals("ping") ? AgentPolicy.Decision.ALLOWED : AgentPolicy.Decision.DENIED);
        assertThat(withAgents.runText("!ping", forAnn).result().get("reply").textValue())
                .isEqualTo("pong");
        assertKind(
                () -> withAgents.runText("!whoami", forAnn),
                CommandException.Kind.FORBIDDEN,
                "agent 'ann' may not run command 'whoami'");
        assertKind(
                () -> withAgents.runText("!ping", new Invocation(ROOT, "r", Optional.of(" "))),
                CommandException.Kind.INVALID_REQUEST,
                "'agent' must be an agent id of 1 to 64 characters, got ' '");
    }

    @Test
    void builtInsAnswer() {
        JsonNode pong = service.runText("!ping", Invocation.of(ALICE, "r")).result();
        assertThat(pong.toString()).isEqualTo("{\"reply\":\"pong\",\"serverTime\":\"2030-01-02T03:04:05Z\"}");
        JsonNode me = service.runText("!whoami", Invocation.of(ALICE, "r")).result();
        assertThat(me.toString()).isEqualTo("{\"name\":\"alice\",\"id\":\"key_alice\",\"role\":\"user\"}");
        JsonNode help = service.runText("!help", Invocation.of(ALICE, "r")).result();
        assertThat(help.get("commands"))
                .extracting(c -> c.get("name").textValue())
                .containsExactly("boom", "help", "ping", "state", "state.set", "whoami");
        assertThat(help.get("commands").get(4).get("allowed").booleanValue()).isFalse();
        JsonNode one =
                service.runText("!help !state  set", Invocation.of(ALICE, "r")).result();
        assertThat(one.get("usage").textValue()).isEqualTo("!state set <path> <value>");
        assertThat(one.get("role").textValue()).isEqualTo("admin");
        assertKind(
                () -> service.runText("!help stat", Invocation.of(ALICE, "r")),
                CommandException.Kind.UNKNOWN_COMMAND,
                "unknown command 'stat'; did you mean 'state', 'state.set'?");
    }

    @Test
    void cachedResultsAreReusedUntilAnInvalidatingEvent() {
        CommandResult first = service.runText("!state /a", Invocation.of(ALICE, "r"));
        CommandResult second = service.run("state", Map.of("path", TextNode.valueOf("/a")), Invocation.of(ALICE, "r"));
        assertThat(first.cached()).isFalse();
        assertThat(second.cached()).isTrue();
        assertThat(second.result()).isEqualTo(first.result());
        service.onEvent(new Event("state.changed", "state", Map.of(), CLOCK.instant()));
        assertThat(service.runText("!state /a", Invocation.of(ALICE, "r")).cached())
                .isFalse();
        assertThat(runs).hasValue(2);
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void theCacheListensToTheBus() {
        try (InProcessEventBus bus = new InProcessEventBus();
                CommandService listening = service(AgentPolicy.NONE)) {
            listening.listenTo(bus);
            listening.runText("!state", Invocation.of(ALICE, "r"));
            bus.publish(new Event("state.changed", "state", Map.of(), CLOCK.instant()));
            while (listening.runText("!state", Invocation.of(ALICE, "r")).cached()) {
                Thread.onSpinWait();
            }
            assertThat(runs).hasValue(2);
        }
    }

    @Test
    void runsAreTimedByCommandAndOutcomeAndCacheLookupsCounted() {
        service.runText("!ping", Invocation.of(ALICE, "r"));
        service.runText("!state", Invocation.of(ALICE, "r"));
        service.runText("!state", Invocation.of(ALICE, "r"));
        assertThatThrownBy(() -> service.runText("!ping 1", Invocation.of(ALICE, "r")));
        assertThatThrownBy(() -> service.runText("!boom", Invocation.of(ALICE, "r")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("secret");
        assertThat(timer("ping", "success")).isEqualTo(1);
        assertThat(timer("ping", "client_error")).isEqualTo(1);
        assertThat(timer("boom", "server_error")).isEqualTo(1);
        assertThat(timer("state", "success")).isEqualTo(2);
        assertThat(meters.get("helix.commands.cache")
                        .tags("command", "state", "result", "hit")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(meters.get("helix.commands.cache")
                        .tags("command", "state", "result", "miss")
                        .counter()
                        .count())
                .isEqualTo(1);
    }

    private long timer(String command, String outcome) {
        return meters.get("helix.commands")
                .tags("command", command, "outcome", outcome)
                .timer()
                .count();
    }

    @Test
    void textIsBounded() {
        assertKind(
                () -> service.runText("!ping " + "é".repeat(4_100), Invocation.of(ALICE, "r")),
                CommandException.Kind.INVALID_REQUEST,
                "command text is 8206 bytes; the limit is 8192");
        assertKind(
                () -> service.runText(null, Invocation.of(ALICE, "r")),
                CommandException.Kind.INVALID_REQUEST,
                "field 'text' is required, e.g. {\"text\":\"!help\"}");
        assertKind(
                () -> service.runText("!" + "a".repeat(65), Invocation.of(ALICE, "r")),
                CommandException.Kind.INVALID_REQUEST,
                "command names are at most 64 characters; got 65");
    }
}
