package dev.helix.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * A validated configuration together with the raw value and source of every key, for
 * {@code helix config check}.
 *
 * @param config the validated records
 * @param values every key's text and where it came from
 * @param file   the config file read, if any
 */
public record LoadedConfig(HelixConfig config, Map<String, ConfigLoader.Value> values, Optional<Path> file) {
    public LoadedConfig {
        values = Map.copyOf(values);
    }

    /** The effective configuration as YAML, each value followed by its source; secrets masked. */
    public String describe() {
        return ConfigRenderer.effective(values);
    }
}
