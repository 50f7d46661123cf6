package dev.helix.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A validated configuration together with the raw value and source of every key, for
 * {@code helix config check}.
 *
 * @param config   the validated records
 * @param values   every key's text and where it came from
 * @param file     the config file read, if any
 * @param warnings what is valid but should be changed: keys written under their old names
 */
public record LoadedConfig(
        HelixConfig config, Map<String, ConfigLoader.Value> values, Optional<Path> file, List<String> warnings) {
    public LoadedConfig {
        values = Map.copyOf(values);
        warnings = List.copyOf(warnings);
    }

    /** The effective configuration as YAML, each value followed by its source; secrets masked. */
    public String describe() {
        return describe(Map.of());
    }

    /**
     * The effective configuration as YAML, each value followed by its source, secrets masked; a key without a default
     * that is not set shows what stands in for it from {@code unset} (by key name).
     */
    public String describe(Map<String, String> unset) {
        return ConfigRenderer.effective(values, unset);
    }
}
