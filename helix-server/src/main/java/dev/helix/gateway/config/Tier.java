package dev.helix.gateway.config;

import java.util.Locale;
import java.util.Optional;

/**
 * How much a chat request asks of a model, from a greeting to a proof: the tiers a {@link RouterConfig} sends to
 * models of its choice, cheapest work first.
 */
public enum Tier {
    /** Greetings, short factual questions, yes/no: any small model answers them. */
    SIMPLE,
    /** Ordinary requests: explanations, summaries, short writing. */
    MEDIUM,
    /** Code, long inputs, several questions at once, design and analysis. */
    COMPLEX,
    /** Proofs, derivations, step-by-step reasoning over hard material. */
    REASONING;

    /** The lower-case name used in YAML, headers and metrics. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The tier named {@code text} (its {@link #id()}), if any. */
    public static Optional<Tier> of(String text) {
        for (Tier t : values()) {
            if (t.id().equals(text)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
