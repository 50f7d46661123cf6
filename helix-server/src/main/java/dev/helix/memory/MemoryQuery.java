package dev.helix.memory;

import dev.helix.conversations.Caller;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Which memories a list holds: the caller's own, or for an admin asking for every owner's ({@code anyOwner}), those
 * of any key (narrowed by {@code key}); filtered by agent, kind, validity and a piece of text; a page of
 * {@code limit} after {@code cursor}.
 *
 * @param caller    who asks
 * @param anyOwner  whether every owner's memories are listed (admins only)
 * @param key       with {@code anyOwner}: only this key's
 * @param agent     only those for this agent
 * @param kind      only those of this kind
 * @param validOnly only those that hold now
 * @param text      only those whose text holds this, ignoring case
 * @param limit     the most in one page
 * @param cursor    where the previous page ended, or null for the first
 */
record MemoryQuery(
        Caller caller,
        boolean anyOwner,
        Optional<String> key,
        Optional<String> agent,
        Optional<MemoryKind> kind,
        boolean validOnly,
        Optional<String> text,
        int limit,
        @Nullable MemoryCursor cursor) {
    /** The size of a page when none is asked for. */
    static final int DEFAULT_LIMIT = 20;
    /** The largest page. */
    static final int MAX_LIMIT = 100;

    MemoryQuery {
        if (anyOwner && !caller.admin()) {
            throw MemoryException.forbidden("'owner=any' lists every owner's memories: it needs an admin key");
        }
    }
}
