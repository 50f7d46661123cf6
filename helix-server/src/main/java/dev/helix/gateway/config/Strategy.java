package dev.helix.gateway.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How the gateway orders a model's deployments for one request. */
public enum Strategy {
    /** Cheapest healthy deployment that meets the request's needs first. */
    COST,
    /** Random, in proportion to each deployment's weight. */
    WEIGHTED,
    /** Lowest recent latency (moving average) first; deployments not yet measured are tried early. */
    LATENCY,
    /** As written. */
    ORDERED;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<Strategy> of(String id) {
        return Arrays.stream(values()).filter(s -> s.id().equals(id)).findFirst();
    }
}
