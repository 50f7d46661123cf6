package dev.helix.agents;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Objects;

/**
 * An agent of the collective, as defined in an agent file or in {@code helix.yaml}: who it is, what it is told, which
 * model it uses and which commands it may run.
 *
 * @param id          unique, {@code [a-z0-9][a-z0-9_-]{0,63}}
 * @param name        the display name
 * @param description one line on what it is for (may be empty)
 * @param persona     the system prompt (may be empty)
 * @param model       the gateway model name
 * @param commands    command names it may run; {@code *} means all
 * @param tags        free labels
 */
@JsonPropertyOrder({"id", "name", "description", "persona", "model", "commands", "tags"})
public record Agent(
        String id,
        String name,
        String description,
        String persona,
        String model,
        List<String> commands,
        List<String> tags) {
    /** The entry of {@link #commands()} that allows every command. */
    public static final String ALL_COMMANDS = "*";

    public Agent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        description = Objects.requireNonNullElse(description, "");
        persona = Objects.requireNonNullElse(persona, "");
        model = Objects.requireNonNullElse(model, AgentSpec.DEFAULT_MODEL);
        commands = commands == null ? List.of() : List.copyOf(commands);
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    /** Whether this agent may run the command {@code name}. */
    public boolean mayRun(String name) {
        return commands.contains(ALL_COMMANDS) || commands.contains(name);
    }
}
