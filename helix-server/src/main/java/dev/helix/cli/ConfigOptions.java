package dev.helix.cli;

import dev.helix.config.ConfigException;
import dev.helix.config.ConfigKey;
import dev.helix.config.ConfigKeys;
import dev.helix.config.ConfigLoader;
import dev.helix.config.HelixConfig;
import dev.helix.config.LoadedConfig;
import dev.helix.config.LogFormat;
import dev.helix.internal.LogSetup;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/** The options every command that reads configuration shares; flags override the file and the environment. */
final class ConfigOptions {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigOptions.class);

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "Configuration file (default: $HELIX_CONFIG, else ./helix.yaml if present).")
    @Nullable
    Path file;

    @Option(names = "--host", paramLabel = "HOST", description = "Interface to listen on (HELIX_HOST).")
    @Nullable
    String host;

    @Option(names = "--port", paramLabel = "PORT", description = "TCP port; 0 picks a free one (HELIX_PORT).")
    @Nullable
    String port;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Folder for local data (HELIX_DATA_DIR).")
    @Nullable
    String dataDir;

    @Option(
            names = "--database-url",
            paramLabel = "URL",
            description = "PostgreSQL URL; empty = SQLite in the data folder (HELIX_DATABASE_URL).")
    @Nullable
    String databaseUrl;

    @Option(names = "--redis-url", paramLabel = "URL", description = "Redis URL (HELIX_REDIS_URL).")
    @Nullable
    String redisUrl;

    @Option(names = "--log-format", paramLabel = "FORMAT", description = "text or json (HELIX_LOG_FORMAT).")
    @Nullable
    String logFormat;

    @Option(
            names = "--log-level",
            paramLabel = "LEVEL",
            description = "error, warn, info, debug or trace (HELIX_LOG_LEVEL).")
    @Nullable
    String logLevel;

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description = "Set any key from helix.reference.yaml, e.g. --set server.shutdownGrace=30s.")
    List<String> sets = new ArrayList<>();

    /** Loads and validates the configuration; throws {@link ConfigException} naming the bad key. */
    LoadedConfig load() {
        ConfigLoader loader = ConfigLoader.builder().file(file);
        flag(loader, ConfigKeys.HOST, host);
        flag(loader, ConfigKeys.PORT, port);
        flag(loader, ConfigKeys.DATA_DIR, dataDir);
        flag(loader, ConfigKeys.DATABASE_URL, databaseUrl);
        flag(loader, ConfigKeys.REDIS_URL, redisUrl);
        flag(loader, ConfigKeys.LOG_FORMAT, logFormat);
        flag(loader, ConfigKeys.LOG_LEVEL, logLevel);
        for (String set : sets) {
            int eq = set.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException("invalid configuration: flag --set " + set + " must be KEY=VALUE, "
                        + "e.g. --set server.port=9090");
            }
            loader.flag(
                    set.substring(0, eq).trim(),
                    set.substring(eq + 1),
                    "--set " + set.substring(0, eq).trim());
        }
        return loader.load();
    }

    /** Loads and validates the configuration, then switches logging to its format and level. */
    LoadedConfig configure() {
        return configure(false);
    }

    /** As {@link #configure()}, with log lines on standard error: for commands whose standard output is an answer. */
    LoadedConfig configureWithLogsOnStderr() {
        return configure(true);
    }

    private LoadedConfig configure(boolean logsOnStderr) {
        LoadedConfig loaded = load();
        HelixConfig.Logging logging = loaded.config().logging();
        LogSetup.apply(logging.format() == LogFormat.JSON, logging.level().name(), logsOnStderr);
        loaded.warnings().forEach(LOG::warn);
        return loaded;
    }

    private static void flag(ConfigLoader loader, ConfigKey<?> key, @Nullable String value) {
        if (value != null) {
            loader.flag(key.name(), value, Objects.requireNonNull(key.flag(), key.name()));
        }
    }
}
