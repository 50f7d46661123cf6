package dev.helix.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads {@code helix.yaml} into dotted keys with the line each came from, and resolves {@code ${VAR}} and
 * {@code ${VAR:-default}} from the environment.
 */
final class YamlConfigFile {
    private static final long MAX_FILE_BYTES = 1 << 20;

    private YamlConfigFile() {}

    /** Reads {@code file}; every scalar becomes a {@code section.key} entry. */
    static Map<String, ConfigLoader.Value> read(Path file, Map<String, String> env) {
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new ConfigException("config file " + file + " is larger than 1 MiB");
            }
            try (JsonParser parser = new YAMLFactory().createParser(file.toFile())) {
                Map<String, ConfigLoader.Value> out = new LinkedHashMap<>();
                JsonToken first = parser.nextToken();
                if (first == null) {
                    return out;
                }
                if (first != JsonToken.START_OBJECT) {
                    throw new ConfigException("config file " + file + " must be a YAML mapping of sections, "
                            + "e.g. 'server:' then '  port: 8080'");
                }
                readObject(parser, "", file.getFileName().toString(), env, out);
                return out;
            }
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
        }
    }

    private static void readObject(
            JsonParser parser,
            String prefix,
            String fileName,
            Map<String, String> env,
            Map<String, ConfigLoader.Value> out)
            throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = prefix + parser.currentName();
            JsonToken value = parser.nextToken();
            int line = parser.currentTokenLocation().getLineNr();
            ConfigSource source = ConfigSource.file(fileName, line);
            if (prefix.isEmpty() && ConfigKeys.FEATURE_SECTIONS.contains(key)) {
                parser.skipChildren();
            } else if (value == JsonToken.START_OBJECT) {
                readObject(parser, key + ".", fileName, env, out);
            } else if (value == JsonToken.START_ARRAY) {
                throw new ConfigException(
                        "invalid configuration: " + key + " (from " + source + ") is a list; expected a single value");
            } else if (value != JsonToken.VALUE_NULL) {
                out.put(key, new ConfigLoader.Value(interpolate(key, parser.getText(), source, env), source));
            }
        }
    }

    private static String interpolate(String key, String text, ConfigSource source, Map<String, String> env) {
        return EnvVariables.interpolate(key + " (from " + source + ")", text, env);
    }
}
