package dev.helix.conversations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.testing.HelixServerExtension;
import dev.helix.testing.WsClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Real-time topics of conversations: {@code conversation:<id>} for its owner only, and {@code conversations}, which
 * gives each client the events of its own owner's conversations, live and on resume.
 */
@Timeout(60)
class ConversationTopicsTest {
    private static final String REALTIME = "/api/v1/realtime";
    private static final String SSE = "/api/v1/events";

    @RegisterExtension
    static HelixServerExtension server = new HelixServerExtension();

    private static Calls calls;
    private static String key;
    private static String other;

    @BeforeAll
    static void keys() {
        calls = new Calls(server.client());
        key = calls.client().createKey("app", "user");
        other = calls.client().createKey("other", "user");
    }

    private static WsClient connect(String k, String user) {
        return user == null
                ? WsClient.connect(calls.client().base(), REALTIME, k)
                : WsClient.connect(calls.client().base(), REALTIME, k, "X-Helix-User", user);
    }

    private static void rename(String id, String user, String title) {
        var r = calls.send("PATCH", Calls.BASE + "/" + id, key, user, "{\"title\":\"" + title + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    @Test
    void theOwnerFollowsItsConversationAndNoOneElseMay() {
        String id = calls.create(key, "alice", "coder");
        try (WsClient alice = connect(key, "alice")) {
            alice.send("{\"type\":\"subscribe\",\"topic\":\"conversation:" + id + "\"}");
            JsonNode snapshot = alice.next("snapshot");
            assertThat(snapshot.at("/data/conversation/id").asText()).isEqualTo(id);
            alice.next("subscribed");
            rename(id, "alice", "renamed");
            JsonNode event = alice.next("event");
            assertThat(event.get("event").asText()).isEqualTo("conversation.updated");
            assertThat(event.at("/data/conversation/title").asText()).isEqualTo("renamed");
            assertThat(event.at("/data/owner/user").asText()).isEqualTo("alice");
        }
        for (String[] intruder : new String[][] {{other, "alice"}, {key, "bob"}, {key, null}}) {
            try (WsClient ws = connect(intruder[0], intruder[1])) {
                ws.send("{\"type\":\"subscribe\",\"topic\":\"conversation:" + id + "\"}");
                JsonNode error = ws.next("error");
                assertThat(error.get("code").asText()).isEqualTo("unknown-topic");
            }
        }
        assertThat(calls.get(SSE + "?topics=conversation:" + id, other, "alice").status())
                .isEqualTo(400);
        assertThat(calls.get(SSE + "?topics=conversation:" + id + "&user=bob", key, null)
                        .status())
                .isEqualTo(400);
    }

    @Test
    void theConversationsTopicGivesEachClientItsOwnersEventsLiveAndOnResume() {
        String ofAlice = calls.create(key, "carol", "coder");
        String ofBob = calls.create(key, "dave", "coder");
        try (WsClient alice = connect(key, "carol");
                WsClient bob = connect(key, "dave")) {
            alice.send("{\"type\":\"subscribe\",\"topic\":\"conversations\"}");
            JsonNode snapshot = alice.next("snapshot");
            assertThat(snapshot.at("/data/data/0/id").asText()).isEqualTo(ofAlice);
            assertThat(snapshot.at("/data/data").size()).isEqualTo(1);
            long since = alice.next("subscribed").get("offset").asLong();
            bob.send("{\"type\":\"subscribe\",\"topic\":\"conversations\"}");
            bob.next("subscribed");

            rename(ofAlice, "carol", "one");
            rename(ofBob, "dave", "two");
            rename(ofAlice, "carol", "three");
            assertThat(alice.next("event").at("/data/conversation/title").asText())
                    .isEqualTo("one");
            assertThat(alice.next("event").at("/data/conversation/title").asText())
                    .isEqualTo("three");
            JsonNode bobs = bob.next("event");
            assertThat(bobs.get("topic").asText()).isEqualTo("conversations");
            assertThat(bobs.at("/data/conversation/title").asText())
                    .as("only its own")
                    .isEqualTo("two");

            try (WsClient again = connect(key, "carol")) {
                again.send("{\"type\":\"subscribe\",\"topic\":\"conversations\",\"since\":" + since + "}");
                assertThat(again.next().at("/data/conversation/title").asText()).isEqualTo("one");
                assertThat(again.next().at("/data/conversation/title").asText()).isEqualTo("three");
                assertThat(again.next().get("type").asText()).isEqualTo("subscribed");
            }
        }
    }

    @Test
    void aMalformedEndUserIsRefusedWhenConnecting() {
        assertThat(calls.get(REALTIME + "?user=", key, null).status()).isEqualTo(400);
        assertThat(calls.get(SSE + "?topics=conversations&user=" + "x".repeat(300), key, null)
                        .status())
                .isEqualTo(400);
    }
}
