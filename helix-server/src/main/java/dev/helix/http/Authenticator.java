package dev.helix.http;

import dev.helix.access.Principal;
import java.util.Optional;

/** Turns the bearer token of a request into the caller it stands for; the API keys implement it. */
@FunctionalInterface
public interface Authenticator {
    /** The caller whose valid, unrevoked key is {@code token}, or empty. */
    Optional<Principal> authenticate(String token);
}
