package dev.helix.commands;

/**
 * Which commands an agent may run: asked whenever a call names an agent. The agents feature provides the real
 * one; until it is wired, {@link #NONE} knows no agents, so any call naming one is answered 404.
 */
@FunctionalInterface
public interface AgentPolicy {
    /** The answer for one agent and one command. */
    enum Decision {
        /** The agent exists and may run the command. */
        ALLOWED,
        /** The agent exists but may not run the command (403). */
        DENIED,
        /** No agent has this id (404). */
        UNKNOWN_AGENT
    }

    /** A policy that knows no agents. */
    AgentPolicy NONE = (agentId, command) -> Decision.UNKNOWN_AGENT;

    /** Whether agent {@code agentId} may run the command named {@code command} (its canonical, dotted name). */
    Decision decide(String agentId, String command);
}
