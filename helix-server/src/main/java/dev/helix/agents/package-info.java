/**
 * Agents: their definitions (one YAML file per agent in the agents folder, and the {@code agents:} list of
 * {@code helix.yaml}), the default collective seeded on first start, the {@link dev.helix.agents.AgentRegistry} that
 * validates them as one set and reloads them on change, and the agents API.
 */
@NullMarked
package dev.helix.agents;

import org.jspecify.annotations.NullMarked;
