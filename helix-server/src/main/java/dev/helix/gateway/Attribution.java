package dev.helix.gateway;

import dev.helix.internal.Names;
import org.jspecify.annotations.Nullable;

/**
 * The agent and the task an LLM call is made for, which usage records and reports carry: an agent id and a task
 * name as agents define them ({@link Names}), each optional. Calls from inside Helix give them in
 * {@link ChatCall} and {@link EmbeddingsCall}; HTTP clients in the headers {@value #AGENT_HEADER} and
 * {@value #TASK_HEADER}.
 */
final class Attribution {
    /** The request header that names the agent a {@code /v1} request is made for. */
    static final String AGENT_HEADER = "x-helix-agent";
    /** The request header that names the task a {@code /v1} request does. */
    static final String TASK_HEADER = "x-helix-task";

    private Attribution() {}

    /** Why {@code agent} cannot be recorded, or null if it can (null included). */
    static @Nullable String agentProblem(@Nullable String agent) {
        if (agent == null || Names.isAgentId(agent)) {
            return null;
        }
        return "agent '" + shown(agent) + "' is not an agent id: use " + Names.AGENT_ID_RULE;
    }

    /** Why {@code task} cannot be recorded, or null if it can (null included). */
    static @Nullable String taskProblem(@Nullable String task) {
        if (task == null || Names.isTask(task)) {
            return null;
        }
        return "task '" + shown(task) + "' is not a task name: use " + Names.TASK_RULE;
    }

    /** Throws {@link IllegalArgumentException} if {@code agent} or {@code task} cannot be recorded. */
    static void check(@Nullable String agent, @Nullable String task) {
        String problem = agentProblem(agent);
        if (problem == null) {
            problem = taskProblem(task);
        }
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    private static String shown(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "…" : value;
    }
}
