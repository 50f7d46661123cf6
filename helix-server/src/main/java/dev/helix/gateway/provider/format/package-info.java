/**
 * What the translating providers ({@code anthropic}, {@code gemini}) share: reading request fields with errors that
 * name the path, building OpenAI completions and chunks, and data URLs.
 */
package dev.helix.gateway.provider.format;
