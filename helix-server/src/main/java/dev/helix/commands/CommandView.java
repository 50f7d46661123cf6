package dev.helix.commands;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.access.Role;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A command as listings and help show it, with whether the caller's role may run it.
 *
 * @param name          canonical name ({@code state.set})
 * @param usage         chat usage ({@code !state set <path> <value>})
 * @param summary       what it does
 * @param arguments     its arguments in positional order
 * @param role          the lowest role that may run it
 * @param idempotent    whether running it changes nothing
 * @param cacheTtlMs    how long results are reused, 0 for never
 * @param invalidatedBy event patterns that drop cached results
 * @param allowed       whether the caller's role may run it
 */
record CommandView(
        String name,
        String usage,
        String summary,
        List<ArgumentView> arguments,
        Role role,
        boolean idempotent,
        long cacheTtlMs,
        List<String> invalidatedBy,
        boolean allowed) {

    /** One argument: its name, type, whether required, default (if any) and description. */
    record ArgumentView(
            String name,
            ArgType type,
            boolean required,

            @JsonProperty("default") @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable
            JsonNode defaultValue,

            String description,
            @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean rest) {}

    static CommandView of(CommandSpec spec, Role caller) {
        List<ArgumentView> args = spec.arguments().stream()
                .map(a ->
                        new ArgumentView(a.name(), a.type(), a.required(), a.defaultValue(), a.description(), a.rest()))
                .toList();
        return new CommandView(
                spec.name(),
                spec.usage(),
                spec.summary(),
                args,
                spec.role(),
                spec.idempotent(),
                spec.cacheTtl().toMillis(),
                spec.invalidatedBy(),
                caller.atLeast(spec.role()));
    }
}
