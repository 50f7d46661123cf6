package dev.helix.gateway.config;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A model name that stands for several models, one per {@link Tier}: a request to it is classified by how much it
 * asks and sent to the model of its tier, so simple work goes to a cheap model and hard work to a strong one.
 *
 * @param name  the name clients call, like a model's
 * @param tiers the model of each tier named in the configuration (at least one)
 */
public record RouterConfig(String name, Map<Tier, String> tiers) {
    public RouterConfig {
        if (tiers.isEmpty()) {
            throw new IllegalArgumentException("a router names a model for at least one tier");
        }
        tiers = Map.copyOf(new EnumMap<>(tiers));
    }

    /**
     * The model that answers requests of {@code tier}: the one named for it, else the one of the nearest tier above
     * (a stronger model than needed rather than a weaker one), else the nearest below.
     */
    public String modelFor(Tier tier) {
        List<Tier> all = List.of(Tier.values());
        int at = all.indexOf(tier);
        for (Tier t : all.subList(at, all.size())) {
            String model = tiers.get(t);
            if (model != null) {
                return model;
            }
        }
        for (Tier t : all.subList(0, at).reversed()) {
            String model = tiers.get(t);
            if (model != null) {
                return model;
            }
        }
        throw new IllegalStateException("a router names a model for at least one tier");
    }
}
