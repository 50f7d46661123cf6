package dev.helix.memory;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.helix.conversations.Owner;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One memory of an owner, as the API shows it.
 *
 * @param id         its id ({@code mem_…})
 * @param key        the id of the API key it belongs to
 * @param user       the end user it belongs to, or null for the key's own
 * @param agent      the agent it is for, or null for every agent the owner talks with
 * @param kind       what it says: a fact, a preference or a piece of profile
 * @param text       what it says
 * @param sources    the ids of the conversation messages it was drawn from (may be empty)
 * @param confidence how sure it is, from 0 to 1
 * @param validFrom  since when it holds
 * @param validTo    until when it held, or null while it still holds
 * @param created    when it was made
 * @param updated    when it last changed
 * @param version    1 when made, one more with every change
 */
public record MemoryItem(
        String id,
        String key,
        @Nullable String user,
        @Nullable String agent,
        MemoryKind kind,
        String text,
        List<String> sources,
        double confidence,
        Instant validFrom,
        @Nullable Instant validTo,
        Instant created,
        Instant updated,
        long version) {
    public MemoryItem {
        sources = List.copyOf(sources);
    }

    /** Its owner. */
    @JsonIgnore
    public Owner owner() {
        return new Owner(key, user);
    }

    /** Whether it holds at {@code now}: begun, and not ended. */
    public boolean validAt(Instant now) {
        return !validFrom.isAfter(now) && (validTo == null || validTo.isAfter(now));
    }

    /** Whether it may still hold at some time from {@code now} on (it has not ended): what the index keeps. */
    boolean heldAfter(Instant now) {
        return validTo == null || validTo.isAfter(now);
    }
}
