package dev.helix.messaging;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How urgent a message is: {@code high} is taken before {@code normal}, which is taken before {@code low}. */
public enum Priority {
    HIGH(0),
    NORMAL(1),
    LOW(2);

    private final int rank;

    Priority(int rank) {
        this.rank = rank;
    }

    /** The lower-case name used in JSON and metrics. */
    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** 0 for high, 1 for normal, 2 for low: how many priority steps a message waits behind a high one. */
    int rank() {
        return rank;
    }

    /** The priority of {@code rank} (as stored); throws for a rank no priority has. */
    static Priority ofRank(int rank) {
        for (Priority p : values()) {
            if (p.rank == rank) {
                return p;
            }
        }
        throw new IllegalArgumentException("no priority has rank " + rank);
    }

    /** Parses exactly {@code high}, {@code normal} or {@code low}. */
    static Priority parse(String text) {
        for (Priority p : values()) {
            if (p.id().equals(text)) {
                return p;
            }
        }
        throw MessagingException.invalid("priority must be one of high, normal, low, not '" + text + "'");
    }
}
