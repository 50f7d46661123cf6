package dev.helix.state;

import dev.helix.access.Principal;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Who made a change to the shared state.
 *
 * @param name  the key name, or the file name for file edits
 * @param keyId the API key id, or null when the change did not come through a key
 * @param role  the role of that key ({@code admin} or {@code user}), or null without a key
 * @param via   how it came: {@code api}, {@code command} or {@code file}
 */
public record Author(
        String name, @Nullable String keyId, @Nullable String role, String via) {
    public Author {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(via, "via");
    }

    /** A change made by {@code principal} through {@code via} ({@code api} or {@code command}). */
    public static Author of(Principal principal, String via) {
        return new Author(principal.name(), principal.keyId(), principal.role().id(), via);
    }

    /** A change made by editing the mirror file. */
    public static Author file(String fileName) {
        return new Author(fileName, null, null, "file");
    }
}
