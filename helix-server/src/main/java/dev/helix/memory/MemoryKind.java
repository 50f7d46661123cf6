package dev.helix.memory;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a memory says of its owner: a fact, a preference, or a piece of their profile. */
public enum MemoryKind {
    /** Something true of the person or their world ("works at a bakery"). */
    FACT,
    /** How the person likes things done ("prefers short answers"). */
    PREFERENCE,
    /** Who the person is ("a nurse in Lyon"), the stuff of their pinned profile. */
    PROFILE;

    /** The kind as the API writes it: {@code fact}, {@code preference}, {@code profile}. */
    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind {@code id} names; a 400 naming the kinds if none. */
    public static MemoryKind of(String id) {
        for (MemoryKind k : values()) {
            if (k.id().equals(id)) {
                return k;
            }
        }
        throw MemoryException.invalid("'kind' must be one of " + names() + ", not '" + Memories.shorten(id) + "'");
    }

    static String names() {
        return Arrays.stream(values()).map(MemoryKind::id).collect(Collectors.joining(", "));
    }
}
