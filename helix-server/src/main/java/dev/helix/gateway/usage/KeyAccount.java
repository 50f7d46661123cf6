package dev.helix.gateway.usage;

import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * What one node knows about one key between database reads: the spend of its records not yet written, by UTC day
 * (budgets start at a UTC midnight, so any period's unwritten spend is a sum over days), and its per-minute limits.
 * Spend figures are read and changed under this object's monitor, so a reader never sees a record both written and
 * unwritten, or neither.
 */
final class KeyAccount {
    private static final long DAY_MILLIS = 86_400_000L;
    private final TreeMap<Long, Long> unwrittenByDay = new TreeMap<>();
    private final String keyId;
    private final MinuteLimits limits;
    private @Nullable MinuteLimit requests;
    private @Nullable MinuteLimit tokens;

    KeyAccount(String keyId, MinuteLimits limits) {
        this.keyId = keyId;
        this.limits = limits;
    }

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
        for (long nanos : unwrittenByDay
                .tailMap(Math.floorDiv(sinceMillis, DAY_MILLIS), true)
                .values()) {
            sum += nanos;
        }
        return sum;
    }

    /** Forgets days before {@code beforeMillis}: no current period includes them. */
    synchronized void forgetBefore(long beforeMillis) {
        Map<Long, Long> old = unwrittenByDay.headMap(Math.floorDiv(beforeMillis, DAY_MILLIS), false);
        old.clear();
    }

    /** The requests-per-minute limit for {@code rpm} (null = no limit), made or resized as the limit changes. */
    synchronized @Nullable MinuteLimit requests(@Nullable Integer rpm) {
        requests = resize(requests, rpm, "gw-rpm:");
        return requests;
    }

    /** The tokens-per-minute limit for {@code tpm} (null = no limit). */
    synchronized @Nullable MinuteLimit tokens(@Nullable Integer tpm) {
        tokens = resize(tokens, tpm, "gw-tpm:");
        return tokens;
    }

    /** The tokens limit as it is, without looking at the key's current limits; null if none. */
    synchronized @Nullable MinuteLimit tokens() {
        return tokens;
    }

    private @Nullable MinuteLimit resize(@Nullable MinuteLimit limit, @Nullable Integer perMinute, String kind) {
        if (perMinute == null) {
            return null;
        }
        if (limit == null) {
            return limits.create(kind + keyId, perMinute);
        }
        return limit.limit() == perMinute ? limit : limit.withLimit(perMinute);
    }
}
