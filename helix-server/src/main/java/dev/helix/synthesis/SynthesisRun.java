package dev.helix.synthesis;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.helix.conversations.Owner;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * One synthesis run of a conversation, as the runs API shows it.
 *
 * @param id               its id ({@code syn_…})
 * @param conversation     the conversation it reads
 * @param key              the API key that owns the conversation
 * @param user             the end user that owns it, or null
 * @param agent            the conversation's agent, whose {@code synthesise} model the run asks
 * @param trigger          why it was queued: {@code idle}, {@code messages} or {@code requested}
 * @param status           where it is
 * @param attempts         how many times it was taken
 * @param nextAttemptAt    when it is taken next (queued, deferred), else null
 * @param seqFrom          the first message seq it reads
 * @param seqTo            the last message seq it reads
 * @param changes          the memories it changed, by action (ids only)
 * @param promptTokens     prompt tokens of its model calls, all attempts
 * @param completionTokens completion tokens likewise
 * @param costUsd          what its calls cost, all attempts
 * @param error            what went wrong last, or null
 * @param created          when it was queued
 * @param started          when it was last taken, or null
 * @param finished         when it ended (done, failed), or null
 */
@JsonPropertyOrder({
    "id",
    "conversation",
    "key",
    "user",
    "agent",
    "trigger",
    "status",
    "attempts",
    "nextAttemptAt",
    "seqFrom",
    "seqTo",
    "changes",
    "promptTokens",
    "completionTokens",
    "costUsd",
    "error",
    "created",
    "started",
    "finished"
})
public record SynthesisRun(
        String id,
        String conversation,
        String key,
        @Nullable String user,
        String agent,
        String trigger,
        Status status,
        int attempts,
        @Nullable Instant nextAttemptAt,
        long seqFrom,
        long seqTo,
        Changes changes,
        long promptTokens,
        long completionTokens,
        BigDecimal costUsd,
        @Nullable String error,
        Instant created,
        @Nullable Instant started,
        @Nullable Instant finished) {

    /** Its owner. */
    @JsonIgnore
    public Owner owner() {
        return new Owner(key, user);
    }

    /** Where a run is. */
    public enum Status {
        /** Waiting to be taken (first time, or again after a failed attempt). */
        QUEUED,
        /** Taken by a node, under a lease. */
        RUNNING,
        /** Ended: its changes are made and the conversation's mark moved past what it read. */
        DONE,
        /** Ended for good after its last attempt failed. */
        FAILED,
        /** Waiting for the next UTC day: the day's budget was spent. */
        DEFERRED;

        @com.fasterxml.jackson.annotation.JsonValue
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Status of(String id) {
            return valueOf(id.toUpperCase(Locale.ROOT));
        }

        /** Whether it may still run: queued, running or deferred. */
        public boolean active() {
            return this == QUEUED || this == RUNNING || this == DEFERRED;
        }
    }

    /**
     * The memories a run changed, by id.
     *
     * @param added       memories it added
     * @param updated     memories whose text it changed
     * @param invalidated memories it ended (given a {@code validTo})
     * @param unchanged   candidates it found already remembered
     */
    public record Changes(List<String> added, List<String> updated, List<String> invalidated, int unchanged) {
        /** No changes. */
        public static final Changes NONE = new Changes(List.of(), List.of(), List.of(), 0);

        public Changes {
            added = List.copyOf(added);
            updated = List.copyOf(updated);
            invalidated = List.copyOf(invalidated);
        }

        /** How many memories it changed. */
        public int count() {
            return added.size() + updated.size() + invalidated.size();
        }
    }
}
