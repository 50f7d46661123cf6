package dev.helix.commands;

import dev.helix.http.Problem;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A command call that cannot be served as asked: answered with a problem document whose status follows the
 * {@link Kind} and whose detail is this exception's message. Handlers throw it through the public factories
 * ({@link #invalidArgument}, {@link #notFound}, {@link #forbidden}, {@link #conflict}); it is never logged as a
 * fault and never cached.
 */
public final class CommandException extends RuntimeException {
    /** What went wrong, with its HTTP status and problem type. */
    public enum Kind {
        /** The text or request is malformed (syntax, size limits): 400. */
        INVALID_REQUEST(400, "invalid-command", "Invalid command request"),
        /** An argument is missing, unknown or of the wrong type: 400. */
        INVALID_ARGUMENT(400, "invalid-argument", "Invalid command argument"),
        /** The caller's role or the agent may not run it: 403. */
        FORBIDDEN(403, "forbidden", "Forbidden"),
        /** No command has this name: 404. */
        UNKNOWN_COMMAND(404, "unknown-command", "Unknown command"),
        /** No agent has the id the call named: 404. */
        UNKNOWN_AGENT(404, "agent-not-found", "Agent not found"),
        /** What the command was asked about does not exist: 404. */
        NOT_FOUND(404, "not-found", "Not found"),
        /** The call clashes with the current state: 409. */
        CONFLICT(409, "conflict", "Conflict");

        private final int status;
        private final String slug;
        private final String title;

        Kind(int status, String slug, String title) {
            this.status = status;
            this.slug = slug;
            this.title = title;
        }

        public int status() {
            return status;
        }
    }

    private final Kind kind;
    private final List<String> suggestions;

    private CommandException(Kind kind, @Nullable String detail, List<String> suggestions) {
        super(detail, null, false, false);
        this.kind = kind;
        this.suggestions = List.copyOf(suggestions);
    }

    /** An argument value is not acceptable (400); say which argument, what was given and what is allowed. */
    public static CommandException invalidArgument(@Nullable String detail) {
        return new CommandException(Kind.INVALID_ARGUMENT, detail, List.of());
    }

    /** What the call refers to does not exist (404), e.g. "no value at path /a/b". */
    public static CommandException notFound(@Nullable String detail) {
        return new CommandException(Kind.NOT_FOUND, detail, List.of());
    }

    /** The caller may not do this (403). */
    public static CommandException forbidden(String detail) {
        return new CommandException(Kind.FORBIDDEN, detail, List.of());
    }

    /** The call clashes with the current state (409), e.g. a stale version. */
    public static CommandException conflict(@Nullable String detail) {
        return new CommandException(Kind.CONFLICT, detail, List.of());
    }

    static CommandException invalidRequest(String detail) {
        return new CommandException(Kind.INVALID_REQUEST, detail, List.of());
    }

    static CommandException unknownCommand(String detail, List<String> suggestions) {
        return new CommandException(Kind.UNKNOWN_COMMAND, detail, suggestions);
    }

    static CommandException unknownAgent(String detail) {
        return new CommandException(Kind.UNKNOWN_AGENT, detail, List.of());
    }

    public Kind kind() {
        return kind;
    }

    /** For an unknown command, the closest known names; empty otherwise. */
    public List<String> suggestions() {
        return suggestions;
    }

    /** The problem document that answers it over HTTP ({@code suggestions} added when there are any). */
    Problem problem() {
        Problem p = Problem.of(kind.status, kind.slug, kind.title, getMessage());
        return suggestions.isEmpty() ? p : p.with("suggestions", suggestions);
    }
}
