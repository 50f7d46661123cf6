package dev.helix.conversations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.memory.MemoryApi;
import dev.helix.testing.HelixClient.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Memory in an agent's prompt, as the model receives it (the mock provider's recorded request): the person's pinned
 * profile and their memories relevant to what they just wrote, for that agent or every agent; never one that has
 * ended, one for another agent, nor another person's.
 */
@Timeout(60)
class MemoryInPromptsTest {
    @RegisterExtension
    static ConversationServer server = new ConversationServer();

    private final Calls calls = new Calls(server.client());

    private void remember(String key, String user, String body) {
        Reply r = calls.send("POST", MemoryApi.MEMORY, key, user, body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    @Test
    void thePromptCarriesTheProfileAndRelevantMemoriesOfThatPersonOnly() {
        String key = calls.client().createKey("app", "user");
        calls.send("PUT", MemoryApi.PROFILE, key, "alice", "{\"text\":\"Alice, a pastry chef in Lyon\"}");
        remember(key, "alice", "{\"text\":\"Alice is allergic to hazelnuts\"}");
        remember(key, "alice", "{\"text\":\"Alice wants cake recipes without butter\",\"agent\":\"coder\"}");
        remember(key, "alice", "{\"text\":\"Alice asks the critic about cake reviews\",\"agent\":\"critic\"}");
        remember(
                key,
                "alice",
                "{\"text\":\"Alice loved hazelnut cake as a child\",\"validTo\":\"2001-01-01T00:00:00Z\","
                        + "\"validFrom\":\"2000-01-01T00:00:00Z\"}");
        calls.send("PUT", MemoryApi.PROFILE, key, "bob", "{\"text\":\"Bob, a plumber\"}");
        remember(key, "bob", "{\"text\":\"Bob bakes hazelnut cake every Sunday\"}");

        String conversation = calls.create(key, "alice", "coder");
        Reply answer = calls.say(key, "alice", conversation, "{\"content\":\"Give me a hazelnut cake recipe\"}");
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);

        JsonNode body = server.llm.lastRequest().body();
        String system = body.at("/messages/0/content").asText();
        assertThat(system)
                .contains("Alice, a pastry chef in Lyon")
                .contains("Alice is allergic to hazelnuts")
                .contains("Alice wants cake recipes without butter")
                .doesNotContain("loved hazelnut cake as a child")
                .doesNotContain("critic about cake reviews")
                .doesNotContain("Bob");
        assertThat(answer.json().at("/answer/metadata/context/profile").asBoolean())
                .isTrue();
        assertThat(answer.json().at("/answer/metadata/context/memories").asInt())
                .isEqualTo(2);
    }

    @Test
    void aPersonWithoutMemoryGetsThePersonaAlone() {
        String key = calls.client().createKey("plain", "user");
        String conversation = calls.create(key, "carol", "coder");
        Reply answer = calls.say(key, "carol", conversation, "{\"content\":\"Hello\"}");
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        assertThat(answer.json().at("/answer/metadata/context/profile").asBoolean())
                .isFalse();
        assertThat(answer.json().at("/answer/metadata/context/memories").asInt())
                .isZero();
    }
}
