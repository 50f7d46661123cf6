package dev.helix.conversations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.testkit.MockLlmServer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Conversations and their messages, answers and summaries included, are all there after a restart. */
@Timeout(90)
class RestartTest {
    static void everythingIsThereAfterARestart(ConversationServer server) {
        Calls calls = new Calls(server.client());
        String key = calls.client().createKey("app", "user");
        String id = calls.create(key, "alice", "coder");
        calls.say(key, "alice", id, "{\"content\":\"Remember the milk\"}");
        calls.say(key, "alice", id, "{\"content\":\"!help\"}");
        String path = Calls.BASE + "/" + id + "/messages";
        JsonNode conversation = calls.get(Calls.BASE + "/" + id, key, "alice").json();
        JsonNode messages = calls.get(path, key, "alice").json();
        assertThat(messages.get("data")).hasSize(4);

        server.restart();
        Calls after = new Calls(server.client());
        assertThat(after.get(Calls.BASE + "/" + id, key, "alice").json()).isEqualTo(conversation);
        assertThat(after.get(path, key, "alice").json()).isEqualTo(messages);
        JsonNode next =
                after.say(key, "alice", id, "{\"content\":\"And eggs\"}").json();
        assertThat(next.at("/message/seq").asLong()).isEqualTo(5);
        assertThat(next.at("/answer/status").asText()).isEqualTo("complete");
    }

    @Nested
    class OnSqlite {
        @RegisterExtension
        static ConversationServer server = new ConversationServer();

        @Test
        void everythingIsThere() {
            everythingIsThereAfterARestart(server);
        }
    }

    @Nested
    class OnPostgres {
        @RegisterExtension
        static ConversationServer server =
                new ConversationServer(MockLlmServer.Options.defaults(), "", c -> c, true, false);

        @Test
        void everythingIsThere() {
            everythingIsThereAfterARestart(server);
        }
    }
}
