package dev.helix.commands;

import dev.helix.access.Role;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The description of a command: its name, what it does, its arguments, who may run it and how its results are
 * cached. Listing and help read only this; the handler is created on first use.
 *
 * <p>Names are lower-case words joined by dots: {@code state.set} is the canonical name (used in URLs and JSON),
 * shown in help as {@code !state set <path> <value>} and typed in chat as {@code !state set /a 1}.
 *
 * <pre>{@code
 * CommandSpec.builder("state")
 *         .summary("Shows the shared state, or the value at a path")
 *         .argument(ArgumentSpec.optional("path", ArgType.STRING, "a JSON pointer such as /harmony").withDefault(""))
 *         .idempotent()
 *         .cacheFor(Duration.ofSeconds(30), "state.changed")
 *         .build();
 * }</pre>
 *
 * @param name          canonical name: words of {@code [a-z][a-z0-9-]*} joined by dots, at most 64 characters
 * @param summary       one line saying what it does
 * @param arguments     declared arguments, in positional order (required ones first)
 * @param role          the lowest role that may run it
 * @param idempotent    whether running it changes nothing (only idempotent commands may be cached)
 * @param cacheTtl      how long a result is reused; zero for never
 * @param invalidatedBy event-type patterns ({@code state.changed}, {@code state.*}, {@code *}) whose events drop
 *                      its cached results
 */
public record CommandSpec(
        String name,
        String summary,
        List<ArgumentSpec> arguments,
        Role role,
        boolean idempotent,
        Duration cacheTtl,
        List<String> invalidatedBy) {
    /** The longest command name. */
    public static final int MAX_NAME_LENGTH = 64;
    /** The most arguments a command may declare or a call may give. */
    public static final int MAX_ARGUMENTS = 32;

    static final String WORD = "[a-z][a-z0-9-]*";
    static final String NAME = WORD + "(\\." + WORD + ")*";

    public CommandSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(cacheTtl, "cacheTtl");
        arguments = List.copyOf(arguments);
        invalidatedBy = List.copyOf(invalidatedBy);
        checkName(name);
        if (summary == null || summary.isBlank()) {
            throw new IllegalArgumentException("command '" + name + "' needs a summary");
        }
        checkArguments(name, arguments);
        checkCaching(name, idempotent, cacheTtl, invalidatedBy);
    }

    private static void checkName(String name) {
        if (name.length() > MAX_NAME_LENGTH || !name.matches(NAME)) {
            throw new IllegalArgumentException("command name '" + name + "' must be lower-case words of letters, "
                    + "digits and '-' joined by '.', e.g. 'state.set', at most " + MAX_NAME_LENGTH + " characters");
        }
    }

    private static void checkArguments(String name, List<ArgumentSpec> arguments) {
        if (arguments.size() > MAX_ARGUMENTS) {
            throw new IllegalArgumentException(
                    "command '" + name + "' declares " + arguments.size() + " arguments; at most " + MAX_ARGUMENTS);
        }
        Set<String> seen = new HashSet<>();
        boolean optionalSeen = false;
        for (int i = 0; i < arguments.size(); i++) {
            ArgumentSpec a = arguments.get(i);
            if (!seen.add(a.name())) {
                throw new IllegalArgumentException("command '" + name + "' declares argument '" + a.name() + "' twice");
            }
            if (a.required() && optionalSeen) {
                throw new IllegalArgumentException("command '" + name + "': required argument '" + a.name()
                        + "' cannot follow an optional one (chat arguments are filled in order)");
            }
            if (a.rest() && i != arguments.size() - 1) {
                throw new IllegalArgumentException("command '" + name + "': only the last argument may take the "
                        + "rest of the text, not '" + a.name() + "'");
            }
            optionalSeen |= !a.required();
        }
    }

    private static void checkCaching(String name, boolean idempotent, Duration ttl, List<String> patterns) {
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("command '" + name + "': cache TTL must not be negative, not " + ttl);
        }
        if (!ttl.isZero() && !idempotent) {
            throw new IllegalArgumentException("command '" + name + "' is cached, so it must be idempotent");
        }
        if (!patterns.isEmpty() && ttl.isZero()) {
            throw new IllegalArgumentException("command '" + name + "' lists invalidating events but is not cached");
        }
        patterns.forEach(EventPatterns::check);
    }

    /** A builder for the command named {@code name}. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Whether results are cached. */
    public boolean cached() {
        return !cacheTtl.isZero();
    }

    /** The argument named {@code argName}, if declared. */
    public Optional<ArgumentSpec> argument(String argName) {
        return arguments.stream().filter(a -> a.name().equals(argName)).findFirst();
    }

    /** The name as typed in chat: {@code state set}. */
    public String chatName() {
        return name.replace('.', ' ');
    }

    /** How to call it in chat: {@code !state set <path> <value>}. */
    public String usage() {
        String args = arguments.stream().map(ArgumentSpec::usage).collect(Collectors.joining(" "));
        return "!" + chatName() + (args.isEmpty() ? "" : " " + args);
    }

    /** Builds a {@link CommandSpec}; defaults: role user, not idempotent, not cached. */
    public static final class Builder {
        private final String name;
        private final List<ArgumentSpec> arguments = new ArrayList<>();
        private final List<String> invalidatedBy = new ArrayList<>();
        private String summary = "";
        private Role role = Role.USER;
        private boolean idempotent;
        private Duration cacheTtl = Duration.ZERO;

        private Builder(String name) {
            this.name = name;
        }

        public Builder summary(String text) {
            this.summary = text;
            return this;
        }

        /** Adds the next argument (in positional order). */
        public Builder argument(ArgumentSpec argument) {
            arguments.add(Objects.requireNonNull(argument, "argument"));
            return this;
        }

        /** The lowest role that may run it. */
        public Builder role(Role required) {
            this.role = required;
            return this;
        }

        /** Marks it as changing nothing, so it may be cached. */
        public Builder idempotent() {
            this.idempotent = true;
            return this;
        }

        /** Caches results for {@code ttl}, dropping them early on events matching {@code invalidatingEvents}. */
        public Builder cacheFor(Duration ttl, String... invalidatingEvents) {
            this.cacheTtl = Objects.requireNonNull(ttl, "ttl");
            invalidatedBy.addAll(List.of(invalidatingEvents));
            return this;
        }

        public CommandSpec build() {
            return new CommandSpec(name, summary, arguments, role, idempotent, cacheTtl, invalidatedBy);
        }
    }
}
