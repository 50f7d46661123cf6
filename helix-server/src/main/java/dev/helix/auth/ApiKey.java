package dev.helix.auth;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.helix.access.Principal;
import dev.helix.access.Role;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * An API key as stored and listed: never the secret, only its first characters to recognise it.
 *
 * @param id         the key's id ({@code key_…})
 * @param name       who or what the key is for
 * @param role       what it may do
 * @param prefix     the first characters of the secret
 * @param createdAt  when it was created
 * @param lastUsedAt when it last authenticated a request (updated within seconds), or null
 * @param revokedAt  when it was revoked, or null while active
 * @param limits     its budget and per-minute limits ({@link KeyLimits#NONE} for none; never null)
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ApiKey(
        String id,
        String name,
        Role role,
        String prefix,
        Instant createdAt,
        @Nullable Instant lastUsedAt,
        @Nullable Instant revokedAt,
        KeyLimits limits) {
    public ApiKey {
        limits = limits == null ? KeyLimits.NONE : limits;
    }

    public boolean active() {
        return revokedAt == null;
    }

    public Principal principal() {
        return new Principal(id, name, role);
    }
}
