package dev.helix.messaging;

import java.util.Collection;

/** The agents that have a mailbox: told by whoever knows the agents, so messaging need not depend on them. */
public interface Recipients {
    /** Whether an agent with {@code id} exists. */
    boolean exists(String id);

    /** The ids of every agent, for the depth gauges. */
    Collection<String> ids();
}
