/** The {@code openai} provider kind: any OpenAI-compatible API, passed through with the model name replaced. */
package dev.helix.gateway.provider.openai;
