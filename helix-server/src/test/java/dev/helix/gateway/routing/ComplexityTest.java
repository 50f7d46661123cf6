package dev.helix.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.helix.gateway.config.Tier;
import dev.helix.internal.Json;
import org.junit.jupiter.api.Test;

/** The tier of a request follows from what it asks, the same way every time. */
class ComplexityTest {
    private static ObjectNode ask(String text) {
        ObjectNode body = Json.mapper().createObjectNode().put("model", "auto");
        body.putArray("messages").addObject().put("role", "user").put("content", text);
        return body;
    }

    @Test
    void greetingsAndQuickQuestionsAreSimple() {
        assertThat(Complexity.of(ask("hi!"))).isEqualTo(Tier.SIMPLE);
        assertThat(Complexity.of(ask("Thanks"))).isEqualTo(Tier.SIMPLE);
        assertThat(Complexity.of(ask("What is the capital of France?"))).isEqualTo(Tier.SIMPLE);
        assertThat(Complexity.of(ask("translate 'good morning' into German"))).isEqualTo(Tier.SIMPLE);
    }

    @Test
    void ordinaryRequestsAreMedium() {
        assertThat(Complexity.of(ask("Can you summarise the plot of Hamlet in a few paragraphs for a school essay?")))
                .isEqualTo(Tier.MEDIUM);
        assertThat(Complexity.of(ask("Explain why the sky looks blue during the day but red when the sun sets.")))
                .isEqualTo(Tier.MEDIUM);
    }

    @Test
    void codeStackTracesAndDesignWorkAreComplex() {
        assertThat(Complexity.of(ask("Why does this fail?\n```java\nint x = list.get(3);\n```")))
                .isEqualTo(Tier.COMPLEX);
        assertThat(Complexity.of(ask("Traceback (most recent call last):\n  File \"app.py\", line 3\nKeyError: 'id'\n"
                        + "What is wrong with my code here and how should I fix it properly?")))
                .isEqualTo(Tier.COMPLEX);
        assertThat(Complexity.of(ask("Design the architecture of a rate limiter for our API and compare the "
                        + "trade-offs of token buckets against sliding windows.")))
                .isEqualTo(Tier.COMPLEX);
    }

    @Test
    void proofsAndStepByStepDerivationsAreReasoning() {
        assertThat(Complexity.of(ask("Prove by induction that the sum of the first n odd numbers is n squared, "
                        + "and derive the closed form step by step, formally.")))
                .isEqualTo(Tier.REASONING);
        assertThat(Complexity.of(ask("Analyse this algorithm's complexity and prove its invariant holds:\n"
                        + "```python\ndef f(xs):\n    return sorted(xs)\n```")))
                .isEqualTo(Tier.REASONING);
    }

    @Test
    void onlyTheLastUserMessageIsReadAndTextPartsCount() {
        ObjectNode body = ask("Prove the theorem formally, step by step, with a rigorous derivation.");
        ArrayNode messages = (ArrayNode) body.get("messages");
        messages.addObject().put("role", "assistant").put("content", "Here it is.");
        ObjectNode last = messages.addObject().put("role", "user");
        last.putArray("content").addObject().put("type", "text").put("text", "thanks!");
        assertThat(Complexity.of(body)).isEqualTo(Tier.SIMPLE);
        assertThat(Complexity.lastUserText(messages)).isEqualTo("thanks!\n");
    }

    @Test
    void toolsAndALongConversationRaiseTheTier() {
        String text = "ok";
        assertThat(Complexity.of(ask(text))).isEqualTo(Tier.SIMPLE);
        ObjectNode withTools = ask(text);
        withTools.putArray("tools").addObject().put("type", "function");
        ArrayNode messages = (ArrayNode) withTools.get("messages");
        for (int i = 0; i < 12; i++) {
            messages.insertObject(0)
                    .put("role", i % 2 == 0 ? "assistant" : "user")
                    .put("content", "earlier");
        }
        assertThat(Complexity.of(withTools)).isEqualTo(Tier.MEDIUM);
    }

    @Test
    void aHugeMessageIsScannedOnlyInPartButCountsInFull() {
        String huge = "word ".repeat(100_000) + "prove theorem formally step by step";
        assertThat(Complexity.of(ask(huge)))
                .as("its length makes it complex; the words past the scanned part are not seen")
                .isEqualTo(Tier.COMPLEX);
    }
}
