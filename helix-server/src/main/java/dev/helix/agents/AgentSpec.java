package dev.helix.agents;

import dev.helix.internal.Names;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One agent definition as written in YAML, before validation: every field optional so that a missing one is
 * reported by name, with its line.
 */
record AgentSpec(
        @Nullable String id,
        @Nullable String name,
        @Nullable String description,
        @Nullable String persona,
        @Nullable String model,
        @Nullable Map<String, String> models,
        @Nullable String temperature,
        @Nullable List<String> commands,
        @Nullable List<String> tags) {
    /** The model of an agent that names none. */
    static final String DEFAULT_MODEL = "default";
    /** The fields an agent definition may have, in the order they are documented. */
    static final List<String> FIELDS =
            List.of("id", "name", "description", "persona", "model", "models", "temperature", "commands", "tags");
    /** The fields that hold lists of text. */
    static final List<String> LISTS = List.of("commands", "tags");
    /** The fields that map names to text; the fields neither here nor in {@link #LISTS} hold one text value. */
    static final List<String> MAPS = List.of("models");

    static final int MAX_PERSONA_BYTES = 32 * 1024;
    static final int MAX_NAME = 200;
    static final int MAX_DESCRIPTION = 4096;
    static final int MAX_WORD = 128;
    static final int MAX_LIST = 256;
    static final int MAX_MODELS = 32;
    private static final Pattern WORD = Pattern.compile("\\S+");

    /**
     * Where a definition was read: its file, the line it starts on, the line of each field, and the prefix that
     * names its fields in messages ({@code agents[2].} in {@code helix.yaml}, empty in an agent file).
     */
    record Where(String source, int line, Map<String, Integer> fieldLines, String prefix) {
        AgentDefinitionException error(String field, String reason) {
            return new AgentDefinitionException(source, fieldLines.getOrDefault(field, line), prefix + field, reason);
        }
    }

    /** A spec from field values read from YAML: text for most fields, lists of text for {@link #LISTS}. */
    @SuppressWarnings("unchecked")
    static AgentSpec of(Map<String, Object> values) {
        return new AgentSpec(
                (String) values.get("id"),
                (String) values.get("name"),
                (String) values.get("description"),
                (String) values.get("persona"),
                (String) values.get("model"),
                (Map<String, String>) values.get("models"),
                (String) values.get("temperature"),
                (List<String>) values.get("commands"),
                (List<String>) values.get("tags"));
    }

    /** The agent this defines; throws naming the first field that is missing or out of bounds. */
    Agent validate(Where where) {
        String validId = requireText(where, "id", id);
        if (!Names.isAgentId(validId)) {
            throw where.error("id", "'" + validId + "' is not a valid id: use " + Names.AGENT_ID_RULE);
        }
        String validName = requireText(where, "name", name);
        checkLength(where, "name", validName, MAX_NAME);
        checkLength(where, "description", description, MAX_DESCRIPTION);
        checkPersona(where);
        checkWord(where, "model", model);
        checkModels(where);
        checkWords(where, "commands", commands);
        checkWords(where, "tags", tags);
        return new Agent(
                validId,
                validName.strip(),
                description == null ? "" : description.strip(),
                persona == null ? "" : persona.strip(),
                model == null ? DEFAULT_MODEL : model,
                models == null ? Map.of() : models,
                temperature(where),
                commands == null ? List.of() : commands,
                tags == null ? List.of() : tags);
    }

    /** The temperature as a number from 0 to 2, or null when not written. */
    private @Nullable Double temperature(Where where) {
        if (temperature == null) {
            return null;
        }
        double value;
        try {
            value = new BigDecimal(temperature.strip()).doubleValue();
        } catch (NumberFormatException e) {
            value = Double.NaN;
        }
        if (!(value >= 0 && value <= Agent.MAX_TEMPERATURE)) {
            throw where.error("temperature", "'" + temperature + "' must be a number from 0 to 2, such as 0 or 0.7");
        }
        return value;
    }

    private static String requireText(Where where, String field, @Nullable String value) {
        if (value == null || value.isBlank()) {
            throw where.error(field, "is required");
        }
        return value;
    }

    private static void checkLength(Where where, String field, @Nullable String value, int max) {
        if (value != null && value.length() > max) {
            throw where.error(field, "is " + value.length() + " characters long; at most " + max + " are allowed");
        }
    }

    private void checkPersona(Where where) {
        int bytes = persona == null ? 0 : persona.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_PERSONA_BYTES) {
            throw where.error(
                    "persona", "is " + bytes + " bytes long; at most " + MAX_PERSONA_BYTES + " (32 KiB) are allowed");
        }
    }

    private static void checkWord(Where where, String field, @Nullable String value) {
        if (value != null && (!WORD.matcher(value).matches() || value.length() > MAX_WORD)) {
            throw where.error(
                    field, "'" + value + "' must be one word of 1 to " + MAX_WORD + " characters without spaces");
        }
    }

    /** Each task of {@code models} named as {@link Names#TASK} allows, each model like {@code model}, at most 32. */
    private void checkModels(Where where) {
        if (models == null) {
            return;
        }
        if (models.size() > MAX_MODELS) {
            throw where.error("models", "has " + models.size() + " entries; at most " + MAX_MODELS + " are allowed");
        }
        models.forEach((task, taskModel) -> {
            if (!Names.isTask(task)) {
                throw where.error("models." + task, "'" + task + "' is not a task name: use " + Names.TASK_RULE);
            }
            if (taskModel == null) {
                throw where.error("models." + task, "is empty; name a gateway model, or leave the task out");
            }
            checkWord(where, "models." + task, taskModel);
        });
    }

    private static void checkWords(Where where, String field, @Nullable List<String> values) {
        if (values == null) {
            return;
        }
        if (values.size() > MAX_LIST) {
            throw where.error(field, "has " + values.size() + " entries; at most " + MAX_LIST + " are allowed");
        }
        for (int i = 0; i < values.size(); i++) {
            String v = values.get(i);
            if (v == null || !WORD.matcher(v).matches() || v.length() > MAX_WORD) {
                throw where.error(
                        field,
                        "entry " + (i + 1) + " (" + (v == null ? "empty" : "'" + v + "'")
                                + ") must be one word of 1 to " + MAX_WORD + " characters without spaces");
            }
        }
    }
}
