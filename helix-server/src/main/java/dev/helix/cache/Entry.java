package dev.helix.cache;

import dev.helix.http.StoredResponse;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A cached response: fresh until {@code freshUntil}, then (for routes with a stale window) served stale until
 * {@code staleUntil} while one request refreshes it; current only while its tags' generations equal its stamp.
 * Times are {@code System.nanoTime()} values (a monotonic clock), never the wall clock.
 */
final class Entry {
    final CachePolicy policy;
    final StoredResponse response;
    final long freshUntil;
    final long staleUntil;
    final long[] stamp;
    private final AtomicBoolean refreshing = new AtomicBoolean();

    Entry(CachePolicy policy, StoredResponse response, long now, long freshNanos, long[] stamp) {
        this.policy = policy;
        this.response = response;
        this.freshUntil = now + freshNanos;
        this.staleUntil = freshUntil + policy.staleNanos;
        this.stamp = stamp;
    }

    boolean current(Tags tags) {
        return tags.current(policy.tagIds, stamp);
    }

    boolean fresh(long now) {
        return now - freshUntil < 0;
    }

    /** Whether the caller is the one request that refreshes this stale entry (the others are served it). */
    boolean claimRefresh() {
        return refreshing.compareAndSet(false, true);
    }

    /** Lets another request try to refresh after a refresh that produced nothing to keep. */
    void refreshFailed() {
        refreshing.set(false);
    }

    int weight(String key) {
        return 96 + 2 * key.length() + 8 * stamp.length + response.weight();
    }
}
