package dev.helix.realtime;

import dev.helix.access.Principal;
import dev.helix.http.Authenticator;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Finds the API key of a real-time client: an {@code Authorization: Bearer} header or an {@code access_token}. */
final class Credentials {
    private static final String BEARER = "bearer ";

    private Credentials() {}

    /** The caller, if {@code authorization} or {@code accessToken} (either may be null) holds a valid key. */
    static Optional<Principal> authenticate(
            Authenticator keys, @Nullable String authorization, @Nullable String accessToken) {
        String token = null;
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            token = authorization.substring(BEARER.length()).trim();
        } else if (accessToken != null && !accessToken.isBlank()) {
            token = accessToken.trim();
        }
        return token == null ? Optional.empty() : keys.authenticate(token);
    }
}
