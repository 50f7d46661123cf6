package dev.helix.commands;

import dev.helix.access.Principal;
import java.util.Objects;
import java.util.Optional;

/**
 * Who asks {@link CommandService} to run a command.
 *
 * @param caller    the API key making the call
 * @param requestId the request id, passed on to the command
 * @param agent     the agent the command should run for, if any (checked with the {@link AgentPolicy})
 */
public record Invocation(Principal caller, String requestId, Optional<String> agent) {
    public Invocation {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(agent, "agent");
    }

    /** A call for no agent. */
    public static Invocation of(Principal caller, String requestId) {
        return new Invocation(caller, requestId, Optional.empty());
    }
}
