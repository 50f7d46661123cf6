package dev.helix.maintenance;

/**
 * A change of the maintenance mode that is not valid: {@link #field()} names what is wrong (as the API's JSON member
 * is named) and {@link #problem()} says how, so the command line can name its own option instead.
 */
public final class MaintenanceException extends RuntimeException {
    private final String field;
    private final String problem;

    MaintenanceException(String field, String problem) {
        super("'" + field + "' " + problem, null, false, false);
        this.field = field;
        this.problem = problem;
    }

    /** The member at fault: {@code enabled}, {@code message} or {@code retryAfter}. */
    public String field() {
        return field;
    }

    /** What is wrong with it, e.g. {@code must be from 1 to 86400 seconds, not 0}. */
    public String problem() {
        return problem;
    }

    @Override
    public String getMessage() {
        return "'" + field + "' " + problem;
    }
}
