/**
 * Rate limits and bulkheads of the HTTP API ({@link dev.helix.ratelimit.RateLimits}): token buckets per API key, or
 * per client IP on public routes, for each {@link dev.helix.config.RouteClass}, counted in Redis for all nodes
 * when it is configured and in this node's memory otherwise (or while Redis does not answer); the IETF
 * {@code RateLimit-Policy} / {@code RateLimit} headers; and a bulkhead per route class that answers 503 instead of
 * letting a node collapse under load.
 */
@NullMarked
package dev.helix.ratelimit;

import org.jspecify.annotations.NullMarked;
