package dev.helix.internal;

import java.util.regex.Pattern;

/**
 * The shapes of the names more than one feature checks: an agent's id (agent definitions, and the agent an LLM call
 * is attributed to) and a task's name (an agent's model per task, and the task an LLM call is attributed to).
 */
public final class Names {
    /** An agent id: 1 to 64 lower-case letters, digits, {@code -} and {@code _}, starting with a letter or digit. */
    public static final Pattern AGENT_ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    /** What {@link #AGENT_ID} allows, for messages. */
    public static final String AGENT_ID_RULE =
            "1 to 64 lower-case letters, digits, '-' and '_', starting with a letter or digit";
    /** A task name: 1 to 32 lower-case letters, digits, {@code -} and {@code _}, starting with a letter. */
    public static final Pattern TASK = Pattern.compile("[a-z][a-z0-9_-]{0,31}");
    /** What {@link #TASK} allows, for messages. */
    public static final String TASK_RULE = "1 to 32 lower-case letters, digits, '-' and '_', starting with a letter";

    private Names() {}

    /** Whether {@code id} is a valid agent id. */
    public static boolean isAgentId(String id) {
        return AGENT_ID.matcher(id).matches();
    }

    /** Whether {@code task} is a valid task name. */
    public static boolean isTask(String task) {
        return TASK.matcher(task).matches();
    }
}
