package dev.helix.commands;

import dev.helix.access.Principal;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * What a command knows about the call it is serving.
 *
 * @param caller    the API key that made the call
 * @param requestId the request id (for logs and messages)
 * @param clock     Helix's clock; commands read the time only from it
 * @param agent     the id of the agent the command runs for, if the call named one (already checked to exist and
 *                  to be allowed this command)
 */
public record CommandContext(Principal caller, String requestId, Clock clock, Optional<String> agent) {
    public CommandContext {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(agent, "agent");
    }
}
