package dev.helix.conversations;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Which conversations a list holds: the caller's own (its key and end user), or, for an admin asking for every
 * owner's, those of any key and user (narrowed by {@code key} and {@code user} when given); filtered by agent and
 * archived flag; a page of {@code limit} after {@code cursor}.
 *
 * @param caller   who asks
 * @param anyOwner whether every owner's conversations are listed (admins only)
 * @param key      with {@code anyOwner}: only this key's
 * @param user     with {@code anyOwner}: only this end user's
 * @param agent    only those held with this agent
 * @param archived only those archived (true) or not (false)
 * @param limit    the most in one page
 * @param cursor   where the previous page ended, or null for the first
 */
record ListQuery(
        Caller caller,
        boolean anyOwner,
        Optional<String> key,
        Optional<String> user,
        Optional<String> agent,
        Optional<Boolean> archived,
        int limit,
        @Nullable Cursor cursor) {
    /** The size of a page when none is asked for. */
    static final int DEFAULT_LIMIT = 20;
    /** The largest page. */
    static final int MAX_LIMIT = 100;

    ListQuery {
        if (anyOwner && !caller.admin()) {
            throw ConversationException.forbidden(
                    "'owner=any' lists every owner's conversations: it needs an admin key");
        }
    }
}
