package dev.helix.http;

import dev.helix.access.Principal;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Decides whether a caller may use a route: 503 while storage is still starting, 401 without a valid key, 403
 * without the admin role.
 */
final class Guard {
    static final String CHALLENGE = "Bearer realm=\"helix\"";
    private static final String BEARER = "bearer ";
    private static final String ACCESS_TOKEN = "access_token";

    private final Authenticator keys;
    private final BooleanSupplier storageReady;

    Guard(Authenticator keys, BooleanSupplier storageReady) {
        this.keys = keys;
        this.storageReady = storageReady;
    }

    /** The caller of {@code req} if it may use {@code route}; throws a problem otherwise. */
    Principal admit(ServerRequest req, Routes.Route route, Access access, boolean queryToken) {
        if (!storageReady.getAsBoolean()) {
            throw new ProblemException(
                    Problem.of(
                            503,
                            "starting",
                            "Starting",
                            "Helix is starting and its database is not ready yet; retry shortly"),
                    Map.of("Retry-After", "1"));
        }
        Principal caller = queryToken
                        && req.headers().first(HeaderNames.AUTHORIZATION).isEmpty()
                        && req.query().contains(ACCESS_TOKEN)
                ? authenticateToken(req.query().get(ACCESS_TOKEN))
                : authenticate(req);
        if (access == Access.ADMIN && !caller.isAdmin()) {
            throw ProblemException.forbidden(route.method() + " " + route.template() + " needs the admin role; key '"
                    + caller.name() + "' has role " + caller.role().id());
        }
        return caller;
    }

    private Principal authenticate(ServerRequest req) {
        Optional<String> header = req.headers().first(HeaderNames.AUTHORIZATION);
        if (header.isEmpty()) {
            throw ProblemException.unauthorized(
                    "this route needs an API key: send 'Authorization: Bearer hx_…'", CHALLENGE);
        }
        String value = header.get().trim();
        if (value.length() <= BEARER.length() || !value.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw ProblemException.unauthorized(
                    "the Authorization header must be 'Bearer hx_…'", CHALLENGE + ", error=\"invalid_request\"");
        }
        return authenticateToken(value.substring(BEARER.length()).trim());
    }

    private Principal authenticateToken(String token) {
        return keys.authenticate(token)
                .orElseThrow(() -> ProblemException.unauthorized(
                        "the API key is not valid or has been revoked", CHALLENGE + ", error=\"invalid_token\""));
    }
}
