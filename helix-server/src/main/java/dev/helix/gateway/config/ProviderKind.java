package dev.helix.gateway.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The API families Helix speaks to. */
public enum ProviderKind {
    /** Any OpenAI-compatible API: OpenAI, DeepSeek, Groq, Mistral, Together, OpenRouter, Ollama, vLLM, LM Studio. */
    OPENAI,
    /** Anthropic's Messages API. */
    ANTHROPIC,
    /** Google's Gemini API ({@code generateContent}). */
    GEMINI;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<ProviderKind> of(String id) {
        return Arrays.stream(values()).filter(k -> k.id().equals(id)).findFirst();
    }
}
