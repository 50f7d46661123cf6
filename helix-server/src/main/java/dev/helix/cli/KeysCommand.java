package dev.helix.cli;

import dev.helix.auth.ApiKey;
import dev.helix.auth.ApiKeys;
import dev.helix.auth.CreatedKey;
import dev.helix.auth.Role;
import dev.helix.config.HelixConfig;
import dev.helix.internal.Json;
import dev.helix.storage.Database;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code helix keys create|list|revoke}: manage API keys directly in the database. */
@Command(name = "keys", mixinStandardHelpOptions = true, description = "Create, list and revoke API keys.",
        subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Revoke.class})
final class KeysCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Opens the configured database, migrates it, and runs {@code action} on its keys. */
    static <T> T withKeys(ConfigOptions options, Function<ApiKeys, T> action) {
        HelixConfig config = options.configure();
        try (Database db = Database.open(config.storage(), null)) {
            db.migrate();
            return action.apply(new ApiKeys(db, Clock.systemUTC()));
        }
    }

    /** {@code helix keys create --name alice --role user}. */
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
            CreatedKey created = withKeys(options, keys -> keys.create(name, parsed));
            PrintWriter out = spec.commandLine().getOut();
            ApiKey k = created.key();
            if (json) {
                out.println(new String(Json.bytes(Map.of("id", k.id(), "name", k.name(), "role", k.role().id(),
                        "key", created.secret()))));
            } else {
                out.println("Created " + k.role().id() + " key " + k.id() + " for '" + k.name()
                        + "'. It is shown only this once:");
                out.println(created.secret());
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
            java.util.List<ApiKey> keys = withKeys(options, ApiKeys::list);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(new String(Json.bytes(Map.of("data", keys))));
                return;
            }
            String format = "%-30s %-24s %-6s %-12s %-20s %-20s %s%n";
            out.printf(format, "ID", "NAME", "ROLE", "PREFIX", "CREATED", "LAST USED", "STATUS");
            for (ApiKey k : keys) {
                out.printf(format, k.id(), k.name(), k.role().id(), k.prefix() + "…", time(k.createdAt()),
                        time(k.lastUsedAt()), k.active() ? "active" : "revoked " + time(k.revokedAt()));
            }
        }

        private static String time(Instant t) {
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
            ApiKey k = withKeys(options, keys -> keys.revoke(id));
            spec.commandLine().getOut().println("Revoked key " + k.id() + " ('" + k.name() + "'). Running servers "
                    + "stop accepting it within " + ApiKeys.CHECK_CACHE_TTL.toSeconds() + " s.");
        }
    }
}
