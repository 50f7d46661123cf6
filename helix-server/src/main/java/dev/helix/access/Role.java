package dev.helix.access;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What an API key may do: {@code admin} manages keys and everything else; {@code user} uses the collective. */
public enum Role {
    ADMIN,
    USER;

    /** The lower-case name used in JSON, the CLI and the database. */
    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether this role may do what {@code required} may: admin may do everything, user what users may. */
    public boolean atLeast(Role required) {
        return this == ADMIN || this == required;
    }

    /** Parses exactly {@code admin} or {@code user}; throws {@link IllegalArgumentException} otherwise. */
    public static Role parse(String text) {
        for (Role r : values()) {
            if (r.id().equals(text)) {
                return r;
            }
        }
        throw new IllegalArgumentException("role must be 'admin' or 'user', not '" + text + "'");
    }
}
