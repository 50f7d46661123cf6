package dev.helix.conversations;

import dev.helix.access.Principal;
import dev.helix.http.EndUser;
import dev.helix.http.Requests;
import io.helidon.webserver.http.ServerRequest;

/**
 * Who calls the conversations (or memory) API: the owner it speaks for, and whether its key is an admin's, which may also read
 * (never change) every other owner's conversations.
 *
 * @param owner the key and end user of the request
 * @param admin whether the key has the admin role
 */
public record Caller(Owner owner, boolean admin) {
    /**
     * Who calls in {@code req}: its key and the end user it names ({@code X-Helix-User} or {@code ?user=}). Every API
     * of owned data (conversations, memory) resolves its caller this one way.
     */
    public static Caller of(ServerRequest req) {
        Principal p = Requests.principal(req);
        return new Caller(Owner.of(p.keyId(), EndUser.of(req)), p.isAdmin());
    }
}
