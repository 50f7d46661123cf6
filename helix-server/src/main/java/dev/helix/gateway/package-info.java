/**
 * The LLM gateway: an OpenAI-compatible API ({@code /v1/chat/completions}, {@code /v1/embeddings},
 * {@code /v1/models}) over configured providers, with routing by cost, weight, latency or order, failover with
 * retries and circuit breakers, an exact-match cache, usage and cost recording, budgets and limits per API key.
 */
@NullMarked
package dev.helix.gateway;

import org.jspecify.annotations.NullMarked;
