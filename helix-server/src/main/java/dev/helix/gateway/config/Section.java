package dev.helix.gateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.helix.config.ConfigException;
import dev.helix.config.EnvVariables;
import dev.helix.config.ValueType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A mapping inside the {@code gateway:} section with its path ({@code gateway.models[0]}), read field by field with
 * errors that name the path, and {@code ${ENV}} replaced in every text value. Unknown fields are refused.
 */
final class Section {
    private final JsonNode node;
    private final String path;
    private final String source;
    private final Map<String, String> env;

    Section(JsonNode node, String path, String source, Map<String, String> env) {
        this.node = node;
        this.path = path;
        this.source = source;
        this.env = env;
        if (!node.isObject()) {
            throw fail(path, "expected a mapping");
        }
    }

    String path() {
        return path;
    }

    /** Refuses fields other than {@code allowed}, naming the closest. */
    Section only(Set<String> allowed) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!allowed.contains(name)) {
                throw fail(
                        path + "." + name,
                        "is not a known field; allowed: "
                                + String.join(", ", allowed.stream().sorted().toList()));
            }
        }
        return this;
    }

    boolean has(String field) {
        JsonNode v = node.get(field);
        return v != null && !v.isNull();
    }

    String text(String field, @Nullable String fallback) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            if (fallback == null) {
                throw fail(path + "." + field, "is required");
            }
            return fallback;
        }
        if (!v.isValueNode()) {
            throw fail(path + "." + field, "must be a single value");
        }
        return EnvVariables.interpolate(path + "." + field + " (in " + source + ")", v.asText(), env);
    }

    <T> T value(String field, String fallback, ValueType<T> type) {
        String text = text(field, fallback);
        try {
            return type.parse(text);
        } catch (RuntimeException e) {
            throw fail(path + "." + field, "is '" + text + "'; expected " + type.allowed());
        }
    }

    Duration duration(String field, Duration fallback, Duration max) {
        return value(field, fallback.toMillis() + "ms", ValueType.duration(Duration.ofMillis(1), max));
    }

    double number(String field, double fallback, double max) {
        String text = text(field, Double.toString(fallback));
        try {
            double v = Double.parseDouble(text.trim());
            if (!(v >= 0 && v <= max)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw fail(path + "." + field, "is '" + text + "'; expected a number from 0 to " + max);
        }
    }

    Section section(String field) {
        JsonNode v = node.get(field);
        return new Section(
                v == null || v.isNull() ? JsonNodeFactory.instance.objectNode() : v, path + "." + field, source, env);
    }

    List<Section> sections(String field) {
        List<Section> out = new ArrayList<>();
        JsonNode list = list(field);
        for (int i = 0; i < list.size(); i++) {
            out.add(new Section(list.get(i), path + "." + field + "[" + i + "]", source, env));
        }
        return out;
    }

    List<String> texts(String field) {
        List<String> out = new ArrayList<>();
        JsonNode list = list(field);
        for (int i = 0; i < list.size(); i++) {
            if (!list.get(i).isValueNode() || list.get(i).isNull()) {
                throw fail(path + "." + field + "[" + i + "]", "must be a single value");
            }
            out.add(list.get(i).asText());
        }
        return out;
    }

    Map<String, String> textMap(String field) {
        Section s = section(field);
        Map<String, String> out = new LinkedHashMap<>();
        s.node.fieldNames().forEachRemaining(name -> out.put(name, s.text(name, null)));
        return out;
    }

    private JsonNode list(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return JsonNodeFactory.instance.arrayNode();
        }
        if (!v.isArray()) {
            throw fail(path + "." + field, "must be a list");
        }
        return v;
    }

    ConfigException fail(String where, String why) {
        return new ConfigException("invalid gateway configuration in " + source + ": " + where + " " + why);
    }
}
