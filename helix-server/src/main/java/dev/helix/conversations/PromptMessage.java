package dev.helix.conversations;

import java.util.Objects;

/**
 * One message of a prompt, in the chat format models take.
 *
 * @param role    {@code system}, {@code user} or {@code assistant}
 * @param content its text
 */
public record PromptMessage(String role, String content) {
    public PromptMessage {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
    }

    static PromptMessage system(String content) {
        return new PromptMessage("system", content);
    }

    static PromptMessage user(String content) {
        return new PromptMessage("user", content);
    }

    static PromptMessage assistant(String content) {
        return new PromptMessage("assistant", content);
    }
}
