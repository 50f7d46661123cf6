package dev.helix.http;

/** A part of Helix that serves HTTP: it adds its routes and error mappings at start. */
@FunctionalInterface
public interface HttpFeature {
    void register(Routes routes);
}
