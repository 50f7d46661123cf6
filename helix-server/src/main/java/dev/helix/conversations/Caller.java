package dev.helix.conversations;

/**
 * Who calls the conversations API: the owner it speaks for, and whether its key is an admin's, which may also read
 * (never change) every other owner's conversations.
 *
 * @param owner the key and end user of the request
 * @param admin whether the key has the admin role
 */
public record Caller(Owner owner, boolean admin) {}
