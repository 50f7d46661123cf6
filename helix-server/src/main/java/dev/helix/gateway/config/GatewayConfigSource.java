package dev.helix.gateway.config;

import dev.helix.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the gateway configuration comes from: the {@code gateway:} section of {@code helix.yaml}, read at start and
 * again on {@link #reload()} (which the config file's watcher calls when the file changes). A changed section that is
 * invalid is refused with one warning naming the field; the last good configuration stays in force and
 * {@link #problem()} says why until the file is fixed.
 */
public final class GatewayConfigSource {
    /** Largest {@code helix.yaml} read. */
    static final long MAX_FILE = 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(GatewayConfigSource.class);

    private final Optional<Path> file;
    private final Map<String, String> env;
    private final Consumer<GatewayConfig> onChange;
    private volatile GatewayConfig current;
    private volatile @Nullable String problem;

    private GatewayConfigSource(Optional<Path> file, Map<String, String> env, Consumer<GatewayConfig> onChange) {
        this.file = file.map(Path::toAbsolutePath);
        this.env = Map.copyOf(env);
        this.onChange = onChange;
        this.current = read();
    }

    /**
     * Reads the section now (throwing if it is invalid, so a bad config stops startup). {@code onChange} gets every
     * later accepted configuration.
     */
    public static GatewayConfigSource start(
            Optional<Path> file, Map<String, String> env, Consumer<GatewayConfig> onChange) {
        return new GatewayConfigSource(file, env, onChange);
    }

    public GatewayConfig current() {
        return current;
    }

    /** Why the file's current gateway section is not in force, or null when it is. */
    public @Nullable String problem() {
        return problem;
    }

    /** Re-reads the file; applies the section if valid and changed. */
    public synchronized void reload() {
        GatewayConfig next;
        try {
            next = read();
        } catch (ConfigException e) {
            if (!Objects.equals(e.getMessage(), problem)) {
                LOG.warn("gateway configuration rejected, keeping the one in force: {}", e.getMessage());
            }
            problem = e.getMessage();
            return;
        }
        if (problem != null) {
            LOG.info("gateway configuration is valid again");
        }
        problem = null;
        if (!next.equals(current)) {
            current = next;
            LOG.info(
                    "gateway configuration reloaded: {} providers, {} models",
                    next.providers().size(),
                    next.models().size());
            onChange.accept(next);
        }
    }

    private GatewayConfig read() {
        if (file.isEmpty()) {
            return GatewayConfig.EMPTY;
        }
        Path f = file.get();
        try {
            if (Files.size(f) > MAX_FILE) {
                throw new ConfigException(f + " is larger than " + MAX_FILE + " bytes");
            }
            return GatewayConfigParser.parse(Files.readAllBytes(f), f.toString(), env);
        } catch (NoSuchFileException e) {
            return GatewayConfig.EMPTY;
        } catch (IOException e) {
            throw new ConfigException("cannot read " + f + ": " + e.getMessage());
        }
    }
}
