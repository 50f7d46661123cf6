/**
 * The shared state document: one JSON object every agent and client reads, held in memory, written with
 * optimistic concurrency (versions as ETags), persisted with its recent versions, optionally mirrored to a
 * watched file, and announced on the bus as {@code state.changed}.
 */
@NullMarked
package dev.helix.state;

import org.jspecify.annotations.NullMarked;
