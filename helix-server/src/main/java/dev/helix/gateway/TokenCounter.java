package dev.helix.gateway;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import dev.helix.gateway.config.DeploymentConfig;
import dev.helix.gateway.config.ModelConfig;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Estimates how many tokens a text or a conversation takes, with OpenAI's byte-pair encodings (jtokkit): o200k for
 * a model whose deployments include an OpenAI model of the GPT-4o generation or later, cl100k for every other one.
 * Exact for those OpenAI models; for other families (Claude, Gemini, Llama, ...) an estimate usually within 10–20%
 * of their own count, which is what fitting a conversation into a context window with a margin needs. Special-token
 * text such as {@code <|endoftext|>} counts as ordinary text.
 */
final class TokenCounter {
    /** Tokens every message adds to its role and content in OpenAI's chat format. */
    static final int PER_MESSAGE = 3;
    /** Tokens that prime the answer after the last message. */
    static final int PER_CONVERSATION = 3;

    private static final List<String> O200K_PREFIXES =
            List.of("gpt-4o", "chatgpt-4o", "gpt-4.1", "gpt-4.5", "gpt-5", "o1", "o3", "o4");

    /** Loaded on first use: each encoding takes 0.2–0.4 s and ~15 MB of heap to build, kept off the start-up path. */
    private static final class Registry {
        static final EncodingRegistry ENCODINGS = Encodings.newLazyEncodingRegistry();
    }

    private TokenCounter() {}

    /** The tokens of {@code text} for {@code model} (null: a model that is not configured). */
    static int count(@Nullable ModelConfig model, String text) {
        return encoding(model).countTokensOrdinary(text);
    }

    /** The tokens of a conversation, as OpenAI counts a chat prompt: each message, plus the answer's priming. */
    static int count(@Nullable ModelConfig model, List<ChatCall.Message> messages) {
        Encoding encoding = encoding(model);
        int tokens = PER_CONVERSATION;
        for (ChatCall.Message m : messages) {
            tokens += PER_MESSAGE + encoding.countTokensOrdinary(m.role()) + encoding.countTokensOrdinary(m.content());
        }
        return tokens;
    }

    /** The encoding for {@code model}'s deployments. */
    static EncodingType encodingType(@Nullable ModelConfig model) {
        if (model != null) {
            for (DeploymentConfig d : model.deployments()) {
                String name = d.model().toLowerCase(Locale.ROOT);
                String bare = name.substring(name.lastIndexOf('/') + 1);
                if (O200K_PREFIXES.stream().anyMatch(bare::startsWith)) {
                    return EncodingType.O200K_BASE;
                }
            }
        }
        return EncodingType.CL100K_BASE;
    }

    private static Encoding encoding(@Nullable ModelConfig model) {
        return Registry.ENCODINGS.getEncoding(encodingType(model));
    }
}
