package dev.helix.gateway.usage;

import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one node knows about one key between database reads: the spend of its records not yet written, by UTC day
 * (budgets start at a UTC midnight, so any period's unwritten spend is a sum over days), and its per-minute buckets.
 * Spend figures are read and changed under this object's monitor, so a reader never sees a record both written and
 * unwritten, or neither.
 */
final class KeyAccount {
    private static final long DAY_MILLIS = 86_400_000L;
    private final TreeMap<Long, Long> unwrittenByDay = new TreeMap<>();
    private RateBucket requests;
    private RateBucket tokens;

    synchronized void addUnwritten(long atMillis, long nanos) {
        unwrittenByDay.merge(Math.floorDiv(atMillis, DAY_MILLIS), nanos, Long::sum);
    }

    /** Moves a written record's cost out of the unwritten figures; call under this monitor with the spend update. */
    void removeUnwritten(long atMillis, long nanos) {
        long day = Math.floorDiv(atMillis, DAY_MILLIS);
        long left = unwrittenByDay.getOrDefault(day, 0L) - nanos;
        if (left == 0) {
            unwrittenByDay.remove(day);
        } else {
            unwrittenByDay.put(day, left);
        }
    }

    /** Unwritten spend of records at or after {@code sinceMillis} (a UTC midnight); call under this monitor. */
    long unwrittenSince(long sinceMillis) {
        long sum = 0;
        for (long nanos : unwrittenByDay.tailMap(Math.floorDiv(sinceMillis, DAY_MILLIS), true).values()) {
            sum += nanos;
        }
        return sum;
    }

    /** Forgets days before {@code beforeMillis}: no current period includes them. */
    synchronized void forgetBefore(long beforeMillis) {
        Map<Long, Long> old = unwrittenByDay.headMap(Math.floorDiv(beforeMillis, DAY_MILLIS), false);
        old.clear();
    }

    /** The requests-per-minute bucket for {@code rpm} (null = no limit), made or resized as the limit changes. */
    synchronized RateBucket requests(Integer rpm, Clock clock) {
        requests = resize(requests, rpm, clock);
        return requests;
    }

    /** The tokens-per-minute bucket for {@code tpm} (null = no limit). */
    synchronized RateBucket tokens(Integer tpm, Clock clock) {
        tokens = resize(tokens, tpm, clock);
        return tokens;
    }

    /** The tokens bucket as it is, without looking at the key's current limits; null if none. */
    synchronized RateBucket tokens() {
        return tokens;
    }

    private static RateBucket resize(RateBucket bucket, Integer limit, Clock clock) {
        if (limit == null) {
            return null;
        }
        if (bucket == null) {
            return new RateBucket(limit, clock);
        }
        return bucket.limit() == limit ? bucket : bucket.withLimit(limit);
    }
}
