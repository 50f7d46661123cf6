/**
 * Translation between Helix's canonical OpenAI Chat Completions JSON and Anthropic's Messages API: requests,
 * responses, streamed events and error bodies. Pure functions over Jackson trees; no HTTP.
 *
 * <p>Public types: {@link dev.helix.gateway.provider.anthropic.AnthropicFormat} (one-shot translation),
 * {@link dev.helix.gateway.provider.anthropic.AnthropicStream} (one per streamed response) and
 * {@link dev.helix.gateway.provider.anthropic.AnthropicStreamException} (an upstream {@code error} event).
 */
@NullMarked
package dev.helix.gateway.provider.anthropic;

import org.jspecify.annotations.NullMarked;
