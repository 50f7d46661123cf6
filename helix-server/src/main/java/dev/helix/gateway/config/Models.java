package dev.helix.gateway.config;

import java.util.AbstractList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import org.jspecify.annotations.Nullable;

/**
 * The configured models in the order written, with their index by name and their names built once per configuration
 * (every request looks its model up). Immutable; equal to any list of the same models.
 */
final class Models extends AbstractList<ModelConfig> implements RandomAccess {
    private final List<ModelConfig> list;
    private final Map<String, ModelConfig> byName;
    private final List<String> names;

    private Models(List<ModelConfig> list) {
        this.list = list;
        Map<String, ModelConfig> index = new HashMap<>();
        list.forEach(m -> index.put(m.name(), m));
        this.byName = Map.copyOf(index);
        this.names = list.stream().map(ModelConfig::name).toList();
    }

    /** {@code models} as an immutable, indexed list (itself if it is one already). */
    static Models of(List<ModelConfig> models) {
        return models instanceof Models m ? m : new Models(List.copyOf(models));
    }

    /** The model called {@code name}, or null. */
    @Nullable
    ModelConfig named(String name) {
        return byName.get(name);
    }

    /** Every model name, in the order written. */
    List<String> names() {
        return names;
    }

    @Override
    public ModelConfig get(int index) {
        return list.get(index);
    }

    @Override
    public int size() {
        return list.size();
    }
}
