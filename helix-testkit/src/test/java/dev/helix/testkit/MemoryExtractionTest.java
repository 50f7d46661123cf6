package dev.helix.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The mock's rule-based memory extraction and decision, and how it recognises a synthesis request. */
class MemoryExtractionTest {
    @Test
    void factsArePulledOutOfUserMessagesByGenericPatterns() {
        List<MemoryExtraction.Fact> facts = MemoryExtraction.facts(
                "Hi! My favourite colour is teal. I live in Porto and I work as a nurse; I love green tea. "
                        + "Call me Rui. I work at a small clinic. I'm allergic to peanuts. I prefer short answers.",
                "m1");
        assertThat(facts)
                .extracting(MemoryExtraction.Fact::subject, MemoryExtraction.Fact::text)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("favourite colour", "User's favourite colour is teal"),
                        org.assertj.core.groups.Tuple.tuple("home", "User lives in Porto"),
                        org.assertj.core.groups.Tuple.tuple("job", "User works as nurse"),
                        org.assertj.core.groups.Tuple.tuple("likes:green tea", "User likes green tea"),
                        org.assertj.core.groups.Tuple.tuple("nickname", "User likes to be called Rui"),
                        org.assertj.core.groups.Tuple.tuple("employer", "User works at a small clinic"),
                        org.assertj.core.groups.Tuple.tuple("allergy:peanuts", "User is allergic to peanuts"),
                        org.assertj.core.groups.Tuple.tuple("prefers:short answers", "User prefers short answers"));
        assertThat(facts).allSatisfy(f -> assertThat(f.source()).isEqualTo("m1"));
    }

    @Test
    void correctionsAndMovesKeepTheirSubjectAndQuestionsSayNothing() {
        assertThat(MemoryExtraction.facts("Actually, my favourite colour is now orange.", "m2"))
                .extracting(MemoryExtraction.Fact::subject, MemoryExtraction.Fact::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("favourite colour", "orange"));
        assertThat(MemoryExtraction.facts("I moved to Lisbon last month", "m3"))
                .extracting(MemoryExtraction.Fact::subject, MemoryExtraction.Fact::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("home", "Lisbon last month"));
        assertThat(MemoryExtraction.facts("What is my favourite colour? Where do I live?", "m4"))
                .isEmpty();
        assertThat(MemoryExtraction.facts("The weather is nice today", "m5")).isEmpty();
    }

    @Test
    void oneCandidatePerSubjectTheLastSaidWinsAndOnlyUserMessagesCount() {
        ArrayNode messages = Json.array();
        messages.addObject().put("id", "a").put("role", "user").put("text", "I live in Oslo.");
        messages.addObject().put("id", "b").put("role", "assistant").put("text", "I live in the cloud.");
        messages.addObject().put("id", "c").put("role", "user").put("text", "Oh, I moved to Bergen");
        assertThat(MemoryExtraction.extract(messages))
                .extracting(MemoryExtraction.Fact::text, MemoryExtraction.Fact::source)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("User lives in Bergen", "c"));
    }

    @Test
    void canonicalTextsReadBackAsTheirSubjectAndValue() {
        assertThat(MemoryExtraction.read("User lives in Bergen")).containsExactly("home", "Bergen");
        assertThat(MemoryExtraction.read("User's favourite colour is teal"))
                .containsExactly("favourite colour", "teal");
        assertThat(MemoryExtraction.read("User likes to be called Rui")).containsExactly("nickname", "Rui");
        assertThat(MemoryExtraction.read("Something else entirely")).isNull();
    }

    @Test
    void theDecisionAddsNewFactsKeepsKnownOnesAndInvalidatesChangedOnes() {
        ObjectNode input = Json.object();
        ArrayNode candidates = input.putArray("candidates");
        ObjectNode moved =
                candidates.addObject().put("index", 0).put("subject", "home").put("text", "User lives in Bergen");
        moved.putArray("similar").addObject().put("id", "mem_old").put("text", "User lives in Oslo");
        ObjectNode known =
                candidates.addObject().put("index", 1).put("subject", "job").put("text", "User works as nurse");
        known.putArray("similar").addObject().put("id", "mem_job").put("text", "User works as Nurse");
        ObjectNode fresh = candidates
                .addObject()
                .put("index", 2)
                .put("subject", "likes:tea")
                .put("text", "User likes tea");
        fresh.putArray("similar").addObject().put("id", "mem_home").put("text", "User lives in Oslo");

        JsonNode answer = Json.parse(
                MemoryExtraction.answer(request(MemoryExtraction.DECISIONS, input), MemoryExtraction.DECISIONS)
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));

        assertThat(answer.path("decisions").toString())
                .isEqualTo("[{\"candidate\":0,\"action\":\"INVALIDATE\",\"memory\":\"mem_old\",\"text\":null},"
                        + "{\"candidate\":0,\"action\":\"ADD\",\"memory\":null,\"text\":null},"
                        + "{\"candidate\":1,\"action\":\"NONE\",\"memory\":null,\"text\":null},"
                        + "{\"candidate\":2,\"action\":\"ADD\",\"memory\":null,\"text\":null}]");
    }

    @Test
    void aSynthesisRequestIsKnownByItsResponseFormatOnly() {
        ObjectNode input = Json.object();
        input.putArray("messages")
                .addObject()
                .put("id", "m1")
                .put("role", "user")
                .put("text", "I live in Oslo");
        ObjectNode body = request(MemoryExtraction.CANDIDATES, input);
        assertThat(MemoryExtraction.kindOf(body)).isEqualTo(MemoryExtraction.CANDIDATES);
        assertThat(MockText.contentText(
                        Json.parse(OpenAiMock.answer(body, 0).text().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                                .path("candidates")
                                .get(0)
                                .path("text")))
                .isEqualTo("User lives in Oslo");
        body.remove("response_format");
        assertThat(MemoryExtraction.kindOf(body)).isNull();
        assertThat(OpenAiMock.answer(body, 0).text()).startsWith("mock reply to: ");
    }

    private static ObjectNode request(String schema, JsonNode input) {
        ObjectNode body = Json.object().put("model", "mock-model");
        body.putObject("response_format")
                .put("type", "json_schema")
                .putObject("json_schema")
                .put("name", schema);
        ArrayNode messages = body.putArray("messages");
        messages.addObject().put("role", "system").put("content", "keep memory");
        messages.addObject().put("role", "user").put("content", Json.text(input));
        return body;
    }
}
