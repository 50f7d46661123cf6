/**
 * Memory synthesis: background runs that read the new messages of a conversation and turn them into memories of its
 * owner, never on the request path.
 *
 * <p>{@link dev.helix.synthesis.Synthesis} finds the conversations due (idle for {@code memory.synthesis.idleAfter},
 * or {@code memory.synthesis.everyMessages} new messages), queues one run per conversation at a time across nodes,
 * takes runs under a lease, retries them with backoff and keeps to a daily budget; a run asks the agent's
 * {@code synthesise} model for candidate facts, compares each with a bounded top-k of similar memories and applies
 * what the model decides (add, update, invalidate — never delete). {@link dev.helix.synthesis.SynthesisApi} shows the
 * runs and asks for one now. What it needs of other features comes through interfaces the wiring implements: the
 * memories ({@link dev.helix.synthesis.MemoryPort}) and the model ({@link dev.helix.synthesis.SynthesisModel}); it
 * reads conversations through their public API.
 */
@NullMarked
package dev.helix.synthesis;

import org.jspecify.annotations.NullMarked;
