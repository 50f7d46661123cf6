package dev.helix.conversations;

import java.util.List;

/**
 * What a prompt is told about the person besides the conversation: their pinned profile and the memories most
 * relevant to what they just wrote. Memory is not built yet: {@link #NONE} gives nothing.
 */
@FunctionalInterface
public interface PromptContext {
    /** No profile and no memories. */
    PromptContext NONE = (owner, agent, text) -> Extras.NONE;

    /** The profile and memories for {@code owner} talking to {@code agent}, who just wrote {@code text}. */
    Extras extras(Owner owner, String agent, String text);

    /**
     * A profile and memories.
     *
     * @param profile  the pinned profile, or empty
     * @param memories the memories, most relevant first
     */
    record Extras(String profile, List<String> memories) {
        public static final Extras NONE = new Extras("", List.of());

        public Extras {
            memories = List.copyOf(memories);
        }
    }
}
