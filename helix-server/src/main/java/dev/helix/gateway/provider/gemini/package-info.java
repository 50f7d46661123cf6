/**
 * Translation between Helix's canonical OpenAI JSON and Google's Gemini API: chat requests and responses
 * ({@code generateContent}), streamed responses ({@code streamGenerateContent?alt=sse}), embeddings
 * ({@code batchEmbedContents}) and error bodies. Pure functions over Jackson trees; no HTTP.
 *
 * <p>Public types: {@link dev.helix.gateway.provider.gemini.GeminiFormat} (one-shot translation) and
 * {@link dev.helix.gateway.provider.gemini.GeminiStream} (one per streamed response).
 */
@NullMarked
package dev.helix.gateway.provider.gemini;

import org.jspecify.annotations.NullMarked;
