package dev.helix.agents;

import dev.helix.commands.AgentPolicy;
import dev.helix.commands.ArgType;
import dev.helix.commands.ArgumentSpec;
import dev.helix.commands.CommandException;
import dev.helix.commands.CommandRegistry;
import dev.helix.commands.CommandSpec;
import java.time.Duration;
import java.util.List;

/** The agents' commands ({@code !agents}, {@code !agent <id>}) and the policy saying which commands an agent may run. */
public final class AgentCommands {
    static final CommandSpec AGENTS = CommandSpec.builder("agents")
            .summary("Lists the agents of the collective")
            .idempotent()
            .cacheFor(Duration.ofMinutes(5), AgentRegistry.CHANGED)
            .build();
    static final CommandSpec AGENT = CommandSpec.builder("agent")
            .summary("Shows one agent: persona, model, commands and tags")
            .argument(ArgumentSpec.required("id", ArgType.STRING, "the agent's id, e.g. coordinator"))
            .idempotent()
            .cacheFor(Duration.ofMinutes(5), AgentRegistry.CHANGED)
            .build();

    /** One line of {@code !agents}. */
    record Summary(String id, String name, String description, String model, List<String> tags) {}

    private AgentCommands() {}

    /** The names of the commands {@link #register} adds. */
    public static final List<String> NAMES = List.of(AGENTS.name(), AGENT.name());

    /** Registers the commands named in {@link #NAMES} on {@code registry}, answered from the agent registry. */
    public static void register(CommandRegistry registry, AgentRegistry agents) {
        registry.register(
                AGENTS,
                () -> (context, args) -> agents.all().stream()
                        .map(a -> new Summary(a.id(), a.name(), a.description(), a.model(), a.tags()))
                        .toList());
        registry.register(AGENT, () -> (context, args) -> {
            String id = args.string("id");
            return agents.find(id)
                    .orElseThrow(() -> CommandException.notFound("no agent has id '" + id + "'; agents: "
                            + String.join(
                                    ", ", agents.all().stream().map(Agent::id).toList())));
        });
    }

    /** The policy: an agent may run the commands its definition lists (by canonical name), or all with "*". */
    public static AgentPolicy policy(AgentRegistry agents) {
        return (agentId, command) -> agents.find(agentId)
                .map(a -> a.mayRun(command) ? AgentPolicy.Decision.ALLOWED : AgentPolicy.Decision.DENIED)
                .orElse(AgentPolicy.Decision.UNKNOWN_AGENT);
    }
}
