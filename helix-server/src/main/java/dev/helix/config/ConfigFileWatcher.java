package dev.helix.config;

import dev.helix.internal.DirectoryWatcher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches {@code helix.yaml} while Helix runs — whether or not it exists yet — and, once a burst of edits has
 * settled, tells the features that re-read their own sections (the gateway, the agents) to reload.
 *
 * <p>It also keeps the operator informed about what a reload cannot do:
 * <ul>
 *   <li>an edit to a key that is read only at start ({@code server.port}, {@code logging.level}, …) is logged as a
 *       warning naming the key, the new value and the one in force;</li>
 *   <li>a file whose keys are invalid (the next start would fail) or that was removed is reported by
 *       {@link #problem()} — shown as DEGRADED — while the configuration in force keeps serving;</li>
 *   <li>a file created after start is read like an edited one.</li>
 * </ul>
 * A removed file changes nothing: the features keep what they read from it until it is back.
 */
public final class ConfigFileWatcher implements AutoCloseable {
    private static final Duration DEBOUNCE = Duration.ofMillis(150);
    private static final Logger LOG = LoggerFactory.getLogger(ConfigFileWatcher.class);

    private final Path file;
    private final Map<String, String> env;
    private final List<Runnable> reloads;
    private final Map<String, String> running;
    private Map<String, String> lastSeen;
    private boolean existed;
    private volatile @Nullable String problem;
    private @Nullable DirectoryWatcher watcher;

    private ConfigFileWatcher(Path file, Map<String, String> env, List<Runnable> reloads) {
        this.file = file.toAbsolutePath();
        this.env = Map.copyOf(env);
        this.reloads = List.copyOf(reloads);
        this.existed = Files.exists(this.file);
        this.running = valuesAtStart();
        this.lastSeen = running;
    }

    /**
     * Starts watching {@code file}; {@code reloads} run in order after each settled change while the file exists.
     * Values are compared as {@code env} and the file give them (flags are not seen here).
     */
    public static ConfigFileWatcher start(Path file, Map<String, String> env, List<Runnable> reloads) {
        ConfigFileWatcher w = new ConfigFileWatcher(file, env, reloads);
        try {
            w.watcher = DirectoryWatcher.watch(
                    "config-file",
                    Objects.requireNonNull(w.file.getParent(), "the folder of the config file"),
                    p -> p.getFileName().equals(w.file.getFileName())
                            || p.getFileName().toString().startsWith("..data"),
                    DEBOUNCE,
                    w::changed);
        } catch (RuntimeException e) {
            LOG.warn("{} will not be reloaded on change (restart to apply edits): {}", w.file, e.getMessage());
        }
        return w;
    }

    /** Why the file on disk is not what is in force (removed, or invalid keys), if it is not. */
    public Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    /** Handles one settled change; runs on the watcher's thread, so calls never overlap. */
    synchronized void changed() {
        if (!Files.exists(file)) {
            if (existed) {
                report(file + " was removed; the configuration read from it stays in force until it is back");
            }
            return;
        }
        if (!existed) {
            LOG.info("{} was created; reading it", file);
            existed = true;
        }
        reloads.forEach(ConfigFileWatcher::runIsolated);
        checkKeys();
    }

    private void checkKeys() {
        Map<String, String> now;
        try {
            now = effectiveValues();
        } catch (ConfigException e) {
            report(e.getMessage() + " (the configuration in force stays; the next start would fail until fixed)");
            return;
        }
        if (problem != null) {
            LOG.info("{} is valid again", file);
            problem = null;
        }
        warnAboutRestartKeys(now);
        lastSeen = now;
    }

    private void warnAboutRestartKeys(Map<String, String> now) {
        for (ConfigKey<?> key : ConfigKeys.ALL) {
            String value = now.get(key.name());
            if (Objects.equals(value, lastSeen.get(key.name()))) {
                continue;
            }
            String inForce = running.get(key.name());
            if (Objects.equals(value, inForce)) {
                LOG.info(
                        "{}: {} is back to the value in force, {}",
                        file.getFileName(),
                        key.name(),
                        shown(key, inForce));
            } else {
                LOG.warn(
                        "{}: {} changed to {} but is read only at start; Helix keeps {} until it is restarted",
                        file.getFileName(),
                        key.name(),
                        shown(key, value),
                        shown(key, inForce));
            }
        }
    }

    private Map<String, String> valuesAtStart() {
        try {
            return effectiveValues();
        } catch (ConfigException e) {
            return Map.of();
        }
    }

    /** Every key's effective text given the defaults, the file (if there is one) and the environment. */
    private Map<String, String> effectiveValues() {
        ConfigLoader loader = ConfigLoader.builder().env(env);
        LoadedConfig loaded = (Files.isRegularFile(file) ? loader.file(file) : loader.withoutFile()).load();
        Map<String, String> out = new LinkedHashMap<>();
        loaded.values().forEach((name, value) -> out.put(name, value.text()));
        return out;
    }

    private void report(String why) {
        if (!why.equals(problem)) {
            LOG.warn(why);
        }
        problem = why;
    }

    private static String shown(ConfigKey<?> key, @Nullable String value) {
        if (value == null) {
            return "its default";
        }
        return "'" + (key.secret() ? ConfigRenderer.mask(value) : value) + "'";
    }

    private static void runIsolated(Runnable reload) {
        try {
            reload.run();
        } catch (Throwable t) {
            LOG.warn("reloading the configuration failed: {}", t.toString());
        }
    }

    @Override
    public void close() {
        if (watcher != null) {
            watcher.close();
        }
    }
}
