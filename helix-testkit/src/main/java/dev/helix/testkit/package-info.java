/**
 * Fakes of the outside services Helix talks to, as real HTTP servers on loopback, for tests and benchmarks only;
 * nothing here is part of a Helix distribution or its configuration.
 *
 * <p>{@link dev.helix.testkit.MockLlmServer} is a fast, deterministic LLM provider that speaks the OpenAI (chat
 * completions, embeddings, models), Anthropic (messages) and Gemini (generateContent, streamGenerateContent,
 * embeddings) HTTP APIs, with latency and streaming knobs, scripted failures ({@link dev.helix.testkit.Fault}) and
 * a record of what it received ({@link dev.helix.testkit.RecordedRequest}). {@link dev.helix.testkit.MockLlmMain}
 * runs it as a process for benchmarks.
 */
@NullMarked
package dev.helix.testkit;

import org.jspecify.annotations.NullMarked;
