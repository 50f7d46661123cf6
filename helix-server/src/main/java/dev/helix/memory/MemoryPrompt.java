package dev.helix.memory;

import dev.helix.config.HelixConfig;
import dev.helix.conversations.Owner;
import dev.helix.conversations.PromptContext;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an agent's prompt is told of the person besides the conversation: their pinned profile, then the memories
 * that hold now most relevant to what they just wrote (for that agent and for every agent; at most
 * {@code memory.promptMaxItems}), all within {@code memory.promptTokens} tokens of the agent's model. A profile
 * larger than the budget is cut; a memory that does not fit what is left is left out, the next one may still fit.
 * If memory cannot be read, the prompt goes without it (an answer is worth more than its memories).
 */
public final class MemoryPrompt implements PromptContext {
    private static final Logger LOG = LoggerFactory.getLogger(MemoryPrompt.class);
    /** What a memory's line adds to its text in the prompt ({@code "\n- "}), in tokens. */
    private static final int LINE_TOKENS = 2;

    /** How many tokens a text takes for the model an agent answers with. */
    @FunctionalInterface
    public interface Tokens {
        int count(String agent, String text);
    }

    private final Memories memories;
    private final HelixConfig.Memory config;
    private final Tokens tokens;

    public MemoryPrompt(Memories memories, Tokens tokens) {
        this.memories = memories;
        this.config = memories.config();
        this.tokens = tokens;
    }

    @Override
    public Extras extras(Owner owner, String agent, String text) {
        try {
            int budget = config.promptTokens();
            String profile = fit(agent, memories.profile(owner), budget);
            int left = budget - (profile.isEmpty() ? 0 : tokens.count(agent, profile));
            List<String> chosen = new ArrayList<>();
            for (MemoryItem m : memories.similar(owner, agent, text, config.promptMaxItems())) {
                int cost = tokens.count(agent, m.text()) + LINE_TOKENS;
                if (cost <= left) {
                    chosen.add(m.text());
                    left -= cost;
                }
            }
            return new Extras(profile, chosen);
        } catch (RuntimeException e) {
            LOG.warn("the prompt goes without memory: it could not be read ({})", e.toString());
            return Extras.NONE;
        }
    }

    /** {@code profile}, cut to about {@code budget} tokens if it takes more. */
    private String fit(String agent, String profile, int budget) {
        if (profile.isEmpty() || budget <= 0) {
            return budget <= 0 ? "" : profile;
        }
        String cut = profile;
        int count = tokens.count(agent, cut);
        while (count > budget && cut.length() > 1) {
            cut = cut.substring(0, Math.max(1, (int) ((long) cut.length() * budget / count) - 1));
            count = tokens.count(agent, cut + "…");
        }
        return cut.length() == profile.length() ? profile : cut + "…";
    }
}
