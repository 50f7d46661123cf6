package dev.helix.events;

import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prunes the event log to {@code events.retention} and {@code events.maxEvents}, oldest first, in bounded batches:
 * one run deletes at most {@value #MAX_BATCHES} batches of {@value #BATCH} events, each its own short statement, so
 * pruning never holds a long lock or fills the write-ahead log; a backlog is worked off over the next runs.
 */
public final class EventRetention {
    /** Events deleted by one statement. */
    static final int BATCH = 1000;
    /** Statements one run may take. */
    static final int MAX_BATCHES = 20;

    private static final Logger LOG = LoggerFactory.getLogger(EventRetention.class);

    private final EventStore store;
    private final Duration retention;
    private final long maxEvents;
    private final Clock clock;

    public EventRetention(EventLog log, Duration retention, long maxEvents, Clock clock) {
        this.store = log.store();
        this.retention = retention;
        this.maxEvents = maxEvents;
        this.clock = clock;
    }

    /** Deletes events older than the retention, then those beyond the most kept; returns how many. */
    public int prune() {
        int budget = MAX_BATCHES;
        int deleted = 0;
        int n;
        while (budget-- > 0 && (n = store.deleteOlderThan(clock.instant().minus(retention), BATCH)) > 0) {
            deleted += n;
        }
        long floor = budget > 0 ? store.floorKeeping(maxEvents) : 0;
        while (floor > 0 && budget-- > 0 && (n = store.deleteThrough(floor, BATCH)) > 0) {
            deleted += n;
        }
        if (deleted > 0) {
            LOG.debug("pruned {} events from the event log", deleted);
        }
        return deleted;
    }
}
