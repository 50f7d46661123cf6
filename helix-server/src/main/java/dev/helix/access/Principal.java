package dev.helix.access;

/**
 * Who is making a request: the API key that authenticated it.
 *
 * @param keyId the key's id
 * @param name  the key's owner name
 * @param role  the key's role
 */
public record Principal(String keyId, String name, Role role) {
    public boolean isAdmin() {
        return role == Role.ADMIN;
    }
}
