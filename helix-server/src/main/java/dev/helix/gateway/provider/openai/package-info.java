/** The {@code openai} provider kind: any OpenAI-compatible API, passed through with the model name replaced. */
@NullMarked
package dev.helix.gateway.provider.openai;

import org.jspecify.annotations.NullMarked;
