package dev.helix.agents;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An agent definition Helix cannot accept, located to a file, line and field: {@code coder.yaml:4 commands: expected
 * a list of text values}.
 */
final class AgentDefinitionException extends RuntimeException {
    /**
     * @param source the file, as configured
     * @param line   1-based, or 0 when not known
     * @param field  the field (e.g. {@code agents[2].id}), or null when the error is not about one field
     * @param reason what is wrong and what is expected
     */
    AgentDefinitionException(String source, int line, @Nullable String field, String reason) {
        super(describe(source, line, field, reason), null, false, false);
    }

    /** Never null: the message always says where and what. */
    @Override
    public String getMessage() {
        return Objects.requireNonNull(super.getMessage());
    }

    private static String describe(String source, int line, @Nullable String field, String reason) {
        String where = line > 0 ? source + ":" + line : source;
        return field == null ? where + ": " + reason : where + " " + field + ": " + reason;
    }
}
