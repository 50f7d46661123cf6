/**
 * What the translating providers ({@code anthropic}, {@code gemini}) share: reading request fields with errors that
 * name the path (and, where a provider cannot serve something, the provider), walking messages and content parts,
 * reading function tools, tool calls and tool choices, building OpenAI completions and chunks, and data URLs.
 */
@NullMarked
package dev.helix.gateway.provider.format;

import org.jspecify.annotations.NullMarked;
