package dev.helix.conversations;

import java.util.Optional;

/**
 * The agents conversations may be held with: told by whoever knows the agents, so this package need not depend on
 * them.
 */
@FunctionalInterface
public interface AgentDirectory {
    /** The persona (system prompt, possibly empty) of the agent with {@code id}; empty if there is no such agent. */
    Optional<String> persona(String id);
}
