package dev.helix.synthesis;

import dev.helix.conversations.Owner;
import org.jspecify.annotations.Nullable;

/**
 * A page of runs asked for.
 *
 * @param owner        whose runs
 * @param anyOwner     every owner's (admins only)
 * @param conversation only this conversation's, or null for all
 * @param limit        most runs on the page
 * @param cursor       where the previous page ended, or null for the first
 */
record RunQuery(
        Owner owner,
        boolean anyOwner,
        @Nullable String conversation,
        int limit,
        @Nullable RunCursor cursor) {
    /** The page size when none is asked for. */
    static final int DEFAULT_LIMIT = 20;
    /** The largest page. */
    static final int MAX_LIMIT = 100;
}
