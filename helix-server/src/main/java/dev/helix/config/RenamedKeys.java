package dev.helix.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads renamed keys under their old names ({@link ConfigKeys#OLD_NAMES}): a value given as {@code caching.http2} is
 * taken as {@code server.http2}, and each old name read adds one warning naming both. When one layer (the file, or
 * the flags) gives both names, the new one wins and the warning says the old one is ignored.
 */
final class RenamedKeys {
    private RenamedKeys() {}

    /** {@code layer} with every old name replaced by its new one; one warning per old name goes to {@code warnings}. */
    static Map<String, ConfigLoader.Value> underNewNames(Map<String, ConfigLoader.Value> layer, List<String> warnings) {
        Map<String, ConfigLoader.Value> out = new LinkedHashMap<>();
        layer.forEach((name, value) -> {
            if (!ConfigKeys.OLD_NAMES.containsKey(name)) {
                out.put(name, value);
            }
        });
        layer.forEach((oldName, value) -> {
            ConfigKey<?> key = ConfigKeys.OLD_NAMES.get(oldName);
            if (key != null) {
                warnings.add(rename(oldName, value, key, out));
            }
        });
        return out;
    }

    /** Puts the value of {@code oldName} under the key's name unless that is set too; says what was done. */
    private static String rename(
            String oldName, ConfigLoader.Value value, ConfigKey<?> key, Map<String, ConfigLoader.Value> out) {
        String what = "config key " + oldName + " (from " + value.source() + ") is now " + key.name();
        ConfigLoader.Value alsoSet = out.get(key.name());
        if (alsoSet != null) {
            return what + ", which is also set (from " + alsoSet.source() + "): " + key.name() + " wins and " + oldName
                    + " is ignored; remove " + oldName;
        }
        out.put(key.name(), new ConfigLoader.Value(value.text(), value.source().withOldName(oldName)));
        return what + " and is read as that; rename it";
    }
}
