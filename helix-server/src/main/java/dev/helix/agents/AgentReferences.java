package dev.helix.agents;

import dev.helix.internal.Suggestions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks what agents name against what exists: the commands Helix runs, the models its gateway serves (an agent's
 * default model and its model per task) and the tasks Helix asks agents' models for. A name that
 * matches nothing is a warning, not an error — a model may be added to the gateway later, an embedder may register a
 * command after start, and a task may be asked for by a later version — located like a definition error
 * ({@code coder.yaml:5 model: …}) with the closest name that does exist.
 *
 * @param commands the command names that exist
 * @param models   the gateway model names that exist
 */
public record AgentReferences(Set<String> commands, Set<String> models) {
    public AgentReferences {
        commands = Set.copyOf(commands);
        models = Set.copyOf(models);
    }

    /**
     * One warning per unknown model or command named by {@code definitions}, in definition order; while the gateway
     * has no models at all, one warning in all for the models.
     */
    List<String> warnings(List<AgentYaml.Definition> definitions) {
        List<String> out = new ArrayList<>();
        if (models.isEmpty()) {
            noModelsYet(definitions).ifPresent(out::add);
        }
        for (AgentYaml.Definition d : definitions) {
            Agent agent = d.agent();
            if (!models.isEmpty()) {
                unknownModel(d, "model", agent.model()).ifPresent(out::add);
                agent.models()
                        .forEach((task, model) ->
                                unknownModel(d, "models." + task, model).ifPresent(out::add));
            }
            for (String task : agent.models().keySet()) {
                if (!Agent.TASKS.contains(task)) {
                    out.add(located(d, "models." + task, unknownTask(task)));
                }
            }
            for (String command : agent.commands()) {
                if (!command.equals(Agent.ALL_COMMANDS) && !commands.contains(command)) {
                    out.add(located(
                            d,
                            "commands",
                            "'" + command + "' is not a command; " + known(command, commands, "Commands")));
                }
            }
        }
        return out;
    }

    private Optional<String> unknownModel(AgentYaml.Definition d, String field, String model) {
        if (models.contains(model)) {
            return Optional.empty();
        }
        return Optional.of(located(
                d,
                field,
                "'" + model + "' is not a model of the gateway; " + known(model, models, "Models")
                        + " (it is used once the gateway has it)"));
    }

    /** A task that may be a typo gets the known one it is close to; one far from all only the list. */
    private static String unknownTask(String task) {
        String close = Suggestions.similar(task, Agent.TASKS, 1).stream()
                .map(t -> "did you mean '" + t + "'? ")
                .findFirst()
                .orElse("");
        return "'" + task + "' is not a task Helix asks an agent's model for; " + close + "Tasks: "
                + String.join(", ", new TreeSet<>(Agent.TASKS)) + " (it is kept for later use)";
    }

    private static Optional<String> noModelsYet(List<AgentYaml.Definition> definitions) {
        Set<String> named = new TreeSet<>();
        definitions.forEach(d -> {
            named.add(d.agent().model());
            named.addAll(d.agent().models().values());
        });
        return named.isEmpty()
                ? Optional.empty()
                : Optional.of("the agents use models " + String.join(", ", named)
                        + ", but the gateway has no models yet: define them in the gateway: section of helix.yaml");
    }

    private static String located(AgentYaml.Definition d, String field, String reason) {
        return d.where().error(field, reason).getMessage();
    }

    private static String known(String name, Collection<String> names, String what) {
        if (names.isEmpty()) {
            return "there are none";
        }
        String closest = Suggestions.closest(name, names).orElseThrow();
        return "did you mean '" + closest + "'? " + what + ": " + String.join(", ", new TreeSet<>(names));
    }
}
