package dev.helix.synthesis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * With {@code memory.synthesis.embeddingModel} set, the similar memories of each candidate are re-ranked by the
 * cosine of their embeddings, in one embeddings call per run through the gateway, and the decisions are the same.
 */
@Timeout(60)
class SynthesisEmbeddingsTest {
    @Test
    void similarMemoriesAreReRankedByEmbeddingsInOneCallPerRun() throws Exception {
        try (SynthesisFixture helix = SynthesisFixture.start("sqlite", s -> s.embeddingModel("embed"))) {
            String key = helix.key("app");
            String id = helix.conversation(key, null);
            helix.say(key, null, id, "I live in Porto. I work as a nurse.");
            JsonNode first = helix.synthesised(key, null, id);
            assertThat(first.get("status").asText()).as(first.toString()).isEqualTo("done");
            assertThat(helix.llm.requestCount("/v1/embeddings"))
                    .as("nothing to re-rank yet")
                    .isZero();

            helix.say(key, null, id, "Actually, I moved to Lisbon.");
            JsonNode second = helix.synthesised(key, null, id);

            assertThat(second.get("status").asText()).as(second.toString()).isEqualTo("done");
            assertThat(helix.llm.requestCount("/v1/embeddings")).isEqualTo(1);
            assertThat(second.at("/changes/invalidated")).hasSize(1);
            assertThat(SynthesisFixture.texts(helix.memories(key, null, true)))
                    .containsExactlyInAnyOrder("User lives in Lisbon", "User works as nurse");
        }
    }
}
