package dev.helix.cli;

import dev.helix.config.ConfigKeys;
import dev.helix.config.HelixConfig;
import dev.helix.config.LoadedConfig;
import dev.helix.storage.Database;
import dev.helix.storage.StorageException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The database the {@code helix keys} and {@code helix maintenance} commands work on: the one {@code helix serve}
 * uses with the same configuration ({@code --config}, {@code $HELIX_CONFIG} or {@code ./helix.yaml}, {@code HELIX_*}
 * variables, flags). Says which on standard error, and never makes a new, empty database just to read or change
 * something in it.
 */
final class ServerDatabase implements AutoCloseable {
    private static final String POINT_AT_IT =
            "or point at the server's database with --config, --data-dir or " + "--database-url";

    private final HelixConfig config;
    private final Database database;

    private ServerDatabase(HelixConfig config, Database database) {
        this.config = config;
        this.database = database;
    }

    /** Opens the configured database, which must exist and have been set up by Helix; migrates it if behind. */
    static ServerDatabase existing(ConfigOptions options, PrintWriter err) {
        return open(options, err, false);
    }

    /** Opens the configured database, creating and migrating it first if it does not exist yet (and saying so). */
    static ServerDatabase creatingIfMissing(ConfigOptions options, PrintWriter err) {
        return open(options, err, true);
    }

    private static ServerDatabase open(ConfigOptions options, PrintWriter err, boolean create) {
        LoadedConfig loaded = options.configureWithLogsOnStderr();
        HelixConfig.Storage storage = loaded.config().storage();
        String where = Database.where(storage);
        String origin = origin(loaded);
        err.println("helix: using " + where + " (" + origin + ")");
        Optional<Path> file = Database.sqliteFile(storage);
        if (!create && file.isPresent() && !Files.exists(file.get())) {
            throw new StorageException("no database at " + file.get() + " (" + origin + "); start the server (or "
                    + "'helix migrate') once with this configuration to create it, " + POINT_AT_IT);
        }
        Database database = Database.open(storage);
        try {
            prepare(database, where, origin, create, err);
            return new ServerDatabase(loaded.config(), database);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    private static void prepare(Database database, String where, String origin, boolean create, PrintWriter err) {
        boolean fresh = !database.initialised();
        if (fresh && !create) {
            throw new StorageException(where + " (" + origin + ") has no Helix tables yet; start the server (or "
                    + "'helix migrate') once with this configuration to set it up, " + POINT_AT_IT);
        }
        database.migrate();
        if (fresh) {
            err.println("helix: " + where + " was new, so its Helix tables were created; a server started with this "
                    + "configuration uses it");
        }
    }

    /** Which setting chose the database and where it came from, e.g. {@code storage.dataDir: default}. */
    private static String origin(LoadedConfig loaded) {
        String key = loaded.config().storage().databaseUrl().isBlank()
                ? ConfigKeys.DATA_DIR.name()
                : ConfigKeys.DATABASE_URL.name();
        return key + ": "
                + Objects.requireNonNull(loaded.values().get(key), key).source();
    }

    Database database() {
        return database;
    }

    HelixConfig config() {
        return config;
    }

    @Override
    public void close() {
        database.close();
    }
}
