package dev.helix.state;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.helix.access.Principal;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One kept version of the shared state, without its document: what {@code GET /api/v1/state/history} lists.
 *
 * <p>Who wrote a version through a key is private: admins see the key's name and id on every version, any other key
 * only on its own writes, and elsewhere only the writer's role and how the change came ({@link #seenBy}).
 *
 * @param version the version number (1 for the first write)
 * @param author  who wrote it: the key's name, or the file name for a file edit
 * @param keyId   the key that wrote it, if any
 * @param role    the role of that key ({@code admin} or {@code user}); null without a key, and for versions written
 *                before roles were recorded
 * @param via     {@code api}, {@code command} or {@code file}
 * @param size    bytes of compact JSON
 * @param at      when it was written
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StateVersion(
        long version,
        @Nullable String author,
        @Nullable String keyId,
        @Nullable String role,
        String via,
        int size,
        Instant at) {

    /** This version as {@code viewer} may see it: whole for an admin or for its own writes, else without the author. */
    public StateVersion seenBy(Principal viewer) {
        return viewer.isAdmin() || viewer.keyId().equals(keyId) ? this : withoutAuthor();
    }

    /**
     * This version as anyone may see it: a write through a key without the key's name and id (its role and
     * {@code via} stay); a file edit or the initial version as it is, since no key wrote them.
     */
    public StateVersion withoutAuthor() {
        return keyId == null ? this : new StateVersion(version, null, null, role, via, size, at);
    }
}
