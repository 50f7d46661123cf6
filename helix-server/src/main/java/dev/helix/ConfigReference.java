package dev.helix;

import dev.helix.config.ConfigRenderer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The text of {@code helix.reference.yaml} and {@code helix config reference}: every key of every section with its
 * default (for {@code caching.routes}, which has none, the policies Helix's routes declare, commented out) and
 * meaning — the keys of {@link dev.helix.config.ConfigKeys}, then the sections features read themselves
 * ({@code gateway:}, {@code agents:}).
 */
public final class ConfigReference {
    private static final String[] SECTIONS = {
        "/dev/helix/gateway/config/reference.yaml", "/dev/helix/agents/reference.yaml"
    };

    private ConfigReference() {}

    /** The whole reference, a valid {@code helix.yaml} that sets every key to its default. */
    public static String text() {
        StringBuilder sb = new StringBuilder(ConfigRenderer.reference(BuiltInCachePolicies.standIns()));
        for (String section : SECTIONS) {
            sb.append(resource(section));
        }
        return sb.toString();
    }

    private static String resource(String name) {
        try (InputStream in = ConfigReference.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
