/**
 * The response cache: GET responses kept in memory (Caffeine, bounded by bytes and per-route TTL) and, with Redis,
 * shared between nodes; invalidated by tags when events say the data changed (on this node before the event is
 * delivered, on other nodes through Redis pub/sub); stats at {@code GET /api/v1/cache/stats}.
 */
@NullMarked
package dev.helix.cache;

import org.jspecify.annotations.NullMarked;
