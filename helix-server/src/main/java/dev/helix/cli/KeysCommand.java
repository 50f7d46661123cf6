package dev.helix.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.helix.access.Role;
import dev.helix.auth.ApiKey;
import dev.helix.auth.ApiKeys;
import dev.helix.auth.BudgetPeriod;
import dev.helix.auth.CreatedKey;
import dev.helix.auth.KeyLimits;
import dev.helix.internal.Json;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code helix keys create|list|revoke}: manage API keys directly in the database the server uses (found by the same
 * configuration as {@code helix serve}; see {@link ServerDatabase}).
 */
@Command(
        name = "keys",
        mixinStandardHelpOptions = true,
        description = {
            "Create, list and revoke API keys.",
            "They act on the server's database, found by the same configuration as 'serve' (--config, $HELIX_CONFIG or "
                    + "./helix.yaml, HELIX_* variables, flags), and say which on standard error."
        },
        subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Revoke.class})
final class KeysCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs {@code action} on the keys of the server's database, which must exist (see {@link ServerDatabase}). */
    static <T> T withExistingKeys(ConfigOptions options, CommandSpec spec, Function<ApiKeys, T> action) {
        try (ServerDatabase db =
                ServerDatabase.existing(options, spec.commandLine().getErr())) {
            return action.apply(keysOf(db));
        }
    }

    /** The keys of {@code db}; their changes' events are written for running servers to publish. */
    private static ApiKeys keysOf(ServerDatabase db) {
        return new ApiKeys(db.database(), Clock.systemUTC());
    }

    /** {@code helix keys create --name alice --role user [--budget-usd 20 --period month --rpm 60 --tpm 200000]}. */
    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a key; prints it once.")
    static final class Create implements Runnable {
        @Mixin
        ConfigOptions options;

        @Spec
        CommandSpec spec;

        @Option(names = "--name", required = true, description = "Who or what the key is for.")
        String name;

        @Option(names = "--role", defaultValue = "user", description = "admin or user (default: ${DEFAULT-VALUE}).")
        String role;

        @Option(
                names = "--budget-usd",
                paramLabel = "USD",
                description = "Most the key may spend on LLM calls per period, in US dollars (default: no budget).")
        @Nullable
        Double budgetUsd;

        @Option(
                names = "--period",
                paramLabel = "day|month",
                description = "The budget's period, a UTC calendar day or month (default: month).")
        @Nullable
        String period;

        @Option(names = "--rpm", description = "Most LLM requests per minute (default: no limit).")
        @Nullable
        Integer rpm;

        @Option(names = "--tpm", description = "Most LLM tokens (prompt + completion) per minute (default: no limit).")
        @Nullable
        Integer tpm;

        @Option(names = "--json", description = "Print the key as JSON.")
        boolean json;

        @Override
        public void run() {
            Role parsed;
            try {
                parsed = Role.parse(role);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--role: " + e.getMessage());
            }
            KeyLimits limits = limits();
            PrintWriter err = spec.commandLine().getErr();
            CreatedKey created;
            try (ServerDatabase db = ServerDatabase.creatingIfMissing(options, err)) {
                ApiKeys keys = keysOf(db);
                created = keys.create(name, parsed, limits);
                noteMissingAdmin(keys, db, err);
            }
            print(created);
        }

        /** A user key on a database without an admin key: the server will not generate one, so say how to. */
        private static void noteMissingAdmin(ApiKeys keys, ServerDatabase db, PrintWriter err) {
            boolean noAdmin = keys.list().stream().noneMatch(k -> k.active() && k.role() == Role.ADMIN);
            if (noAdmin && db.config().auth().optionalAdminKey().isEmpty()) {
                err.println("helix: note: this database has no active admin key, and the server generates one only "
                        + "when there is no key at all; create one with 'helix keys create --role admin --name NAME'");
            }
        }

        private void print(CreatedKey created) {
            PrintWriter out = spec.commandLine().getOut();
            ApiKey k = created.key();
            if (json) {
                out.println(new String(
                        Json.bytes(Map.of(
                                "id",
                                k.id(),
                                "name",
                                k.name(),
                                "role",
                                k.role().id(),
                                "limits",
                                k.limits(),
                                "key",
                                created.secret())),
                        UTF_8));
            } else {
                out.println("Created " + k.role().id() + " key " + k.id() + " for '" + k.name() + "'"
                        + (k.limits().any() ? " with limits " + k.limits().describe() : "")
                        + ". It is shown only this once:");
                out.println(created.secret());
            }
        }

        /** The limits given, or a usage error naming the option. */
        private KeyLimits limits() {
            try {
                return new KeyLimits(budgetUsd, period == null ? null : BudgetPeriod.parse(period), rpm, tpm);
            } catch (IllegalArgumentException e) {
                String message = String.valueOf(e.getMessage());
                for (String[] field : new String[][] {
                    {"budgetUsd", "--budget-usd"}, {"period", "--period"}, {"rpm", "--rpm"}, {"tpm", "--tpm"}
                }) {
                    message = message.replace(field[0] + " ", field[1] + " ");
                }
                throw new CommandLine.ParameterException(spec.commandLine(), message);
            }
        }
    }

    /** {@code helix keys list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List keys (never their secrets).")
    static final class ListKeys implements Runnable {
        @Mixin
        ConfigOptions options;

        @Spec
        CommandSpec spec;

        @Option(names = "--json", description = "Print the list as JSON.")
        boolean json;

        @Override
        public void run() {
            java.util.List<ApiKey> keys = withExistingKeys(options, spec, ApiKeys::list);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(new String(Json.bytes(Map.of("data", keys)), UTF_8));
                return;
            }
            String format = "%-30s %-24s %-6s %-12s %-20s %-20s %-28s %s%n";
            out.printf(format, "ID", "NAME", "ROLE", "PREFIX", "CREATED", "LAST USED", "STATUS", "LIMITS");
            for (ApiKey k : keys) {
                out.printf(
                        format,
                        k.id(),
                        k.name(),
                        k.role().id(),
                        k.prefix() + "…",
                        time(k.createdAt()),
                        time(k.lastUsedAt()),
                        k.active() ? "active" : "revoked " + time(k.revokedAt()),
                        k.limits().any() ? k.limits().describe() : "-");
            }
        }

        private static String time(@Nullable Instant t) {
            return t == null ? "-" : t.toString().substring(0, 19) + "Z";
        }
    }

    /** {@code helix keys revoke ID}. */
    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a key by id.")
    static final class Revoke implements Runnable {
        @Mixin
        ConfigOptions options;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ID", description = "The key's id (key_…), as shown by 'helix keys list'.")
        String id;

        @Override
        public void run() {
            ApiKey k = withExistingKeys(options, spec, keys -> keys.revoke(id));
            spec.commandLine()
                    .getOut()
                    .println("Revoked key " + k.id() + " ('" + k.name() + "'). Running servers "
                            + "stop accepting it within " + ApiKeys.CHECK_CACHE_TTL.toSeconds() + " s.");
        }
    }
}
