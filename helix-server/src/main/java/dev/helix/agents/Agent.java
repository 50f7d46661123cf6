package dev.helix.agents;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * An agent of the collective, as defined in an agent file or in {@code helix.yaml}: who it is, what it is told, which
 * models it uses and which commands it may run.
 *
 * @param id          unique, {@code [a-z0-9][a-z0-9_-]{0,63}}
 * @param name        the display name
 * @param description one line on what it is for (may be empty)
 * @param persona     the system prompt (may be empty)
 * @param model       the gateway model name for every task {@link #models()} does not name
 * @param models      the gateway model name per task ({@link #CHAT}, {@link #SUMMARISE}, ...), sorted by task; tasks
 *                    left out use {@link #model()}
 * @param temperature the sampling temperature of its model calls, 0 to 2, or null for the model's own default; at 0
 *                    the gateway cache may answer a prompt it has answered before
 * @param commands    command names it may run; {@code *} means all
 * @param tags        free labels
 */
@JsonPropertyOrder({"id", "name", "description", "persona", "model", "models", "temperature", "commands", "tags"})
public record Agent(
        String id,
        String name,
        String description,
        String persona,
        String model,
        Map<String, String> models,
        @Nullable Double temperature,
        List<String> commands,
        List<String> tags) {
    /** The highest {@link #temperature()} an agent may have. */
    public static final double MAX_TEMPERATURE = 2;
    /** The entry of {@link #commands()} that allows every command. */
    public static final String ALL_COMMANDS = "*";
    /** The task of answering in a conversation. */
    public static final String CHAT = "chat";
    /** The task of summarising older turns of a conversation. */
    public static final String SUMMARISE = "summarise";
    /** The task of distilling memory from past conversations. */
    public static final String SYNTHESISE = "synthesise";
    /** The task of making embeddings (vectors) of text, for memory retrieval: name an embeddings model for it. */
    public static final String EMBED = "embed";
    /** The tasks Helix asks agents' models for; {@link #models()} may name others, kept for later use. */
    public static final Set<String> TASKS = Set.of(CHAT, SUMMARISE, SYNTHESISE, EMBED);

    public Agent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        description = Objects.requireNonNullElse(description, "");
        persona = Objects.requireNonNullElse(persona, "");
        model = Objects.requireNonNullElse(model, AgentSpec.DEFAULT_MODEL);
        models = models == null ? Map.of() : Collections.unmodifiableSortedMap(new TreeMap<>(models));
        commands = commands == null ? List.of() : List.copyOf(commands);
        tags = tags == null ? List.of() : List.copyOf(tags);
        if (temperature != null && !(temperature >= 0 && temperature <= MAX_TEMPERATURE)) {
            throw new IllegalArgumentException("temperature must be from 0 to " + MAX_TEMPERATURE);
        }
    }

    /** An agent with a model per task and its models' own temperature. */
    public Agent(
            String id,
            String name,
            String description,
            String persona,
            String model,
            Map<String, String> models,
            List<String> commands,
            List<String> tags) {
        this(id, name, description, persona, model, models, null, commands, tags);
    }

    /** An agent with one model for every task. */
    public Agent(
            String id,
            String name,
            String description,
            String persona,
            String model,
            List<String> commands,
            List<String> tags) {
        this(id, name, description, persona, model, Map.of(), null, commands, tags);
    }

    /** Whether this agent may run the command {@code name}. */
    public boolean mayRun(String name) {
        return commands.contains(ALL_COMMANDS) || commands.contains(name);
    }

    /** The gateway model for {@code task}: the one {@link #models()} names for it, else {@link #model()}. */
    public String modelFor(String task) {
        return models.getOrDefault(task, model);
    }
}
