package dev.helix.conversations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.testing.HelixClient.Reply;
import dev.helix.testing.HelixServerExtension;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The conversations API end to end: make, read, list with a cursor and filters, change, delete; strict input. */
@Timeout(60)
class ConversationsApiTest {
    private static final String BASE = Calls.BASE;

    @RegisterExtension
    static HelixServerExtension server = new HelixServerExtension();

    private final Calls calls = new Calls(server().client());
    private String key;

    /** The server under test; a subclass runs the same tests on PostgreSQL. */
    protected HelixServerExtension server() {
        return server;
    }

    @BeforeEach
    void newKey() {
        key = calls.client().createKey("app", "user");
    }

    @Test
    void aConversationIsMadeReadChangedAndDeleted() {
        Reply made = calls.send(
                "POST", BASE, key, "alice", "{\"agent\":\"coder\",\"title\":\"Build\",\"metadata\":{\"tab\":3}}");
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        JsonNode c = made.json();
        String id = c.get("id").asText();
        assertThat(id).startsWith("conv_");
        assertThat(made.header("Location")).isEqualTo(BASE + "/" + id);
        assertThat(c.get("agent").asText()).isEqualTo("coder");
        assertThat(c.get("title").asText()).isEqualTo("Build");
        assertThat(c.get("user").asText()).isEqualTo("alice");
        assertThat(c.get("archived").asBoolean()).isFalse();
        assertThat(c.get("metadata").toString()).isEqualTo("{\"tab\":3}");
        assertThat(c.get("lastSeq").asLong()).isZero();
        assertThat(c.get("created").asText()).isEqualTo(c.get("updated").asText());

        Reply read = calls.get(BASE + "/" + id, key, "alice");
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json()).isEqualTo(c);

        Reply changed = calls.send("PATCH", BASE + "/" + id, key, "alice", "{\"title\":\"Fix\",\"archived\":true}");
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(changed.json().get("title").asText()).isEqualTo("Fix");
        assertThat(changed.json().get("archived").asBoolean()).isTrue();
        assertThat(changed.json().get("metadata").toString()).as("kept").isEqualTo("{\"tab\":3}");
        Reply metadata = calls.send("PATCH", BASE + "/" + id, key, "alice", "{\"metadata\":{}}");
        assertThat(metadata.json().get("metadata").toString()).as("replaced").isEqualTo("{}");
        assertThat(metadata.json().get("title").asText()).isEqualTo("Fix");

        Reply messages = calls.get(BASE + "/" + id + "/messages", key, "alice");
        assertThat(messages.status()).as(messages.body()).isEqualTo(200);
        assertThat(messages.json().toString()).isEqualTo("{\"data\":[],\"before\":null,\"after\":0}");

        Reply deleted = calls.send("DELETE", BASE + "/" + id, key, "alice", null);
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.json().get("deleted").asBoolean()).isTrue();
        assertThat(deleted.json().get("messages").asInt()).isZero();
        assertThat(calls.get(BASE + "/" + id, key, "alice").status()).isEqualTo(404);
        assertThat(calls.send("DELETE", BASE + "/" + id, key, "alice", null).status())
                .isEqualTo(404);
    }

    @Test
    void aListIsNewestFirstPagedByACursorThatConversationsMadeMeanwhileDoNotShift() {
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            made.add(calls.create(key, "bob", "coder"));
        }
        Reply first = calls.get(BASE + "?limit=2", key, "bob");
        assertThat(ids(first)).containsExactly(made.get(4), made.get(3));
        String cursor = first.json().get("next").asText();
        calls.create(key, "bob", "coder");

        Reply second = calls.get(BASE + "?limit=2&cursor=" + cursor, key, "bob");
        assertThat(ids(second)).containsExactly(made.get(2), made.get(1));
        Reply third =
                calls.get(BASE + "?limit=2&cursor=" + second.json().get("next").asText(), key, "bob");
        assertThat(ids(third)).containsExactly(made.get(0));
        assertThat(third.json().get("next").isNull()).isTrue();
        assertThat(ids(calls.get(BASE, key, "bob"))).hasSize(6);
    }

    @Test
    void aListIsFilteredByAgentAndArchivedAndScopedToTheUser() {
        String coder = calls.create(key, "carol", "coder");
        String critic = calls.create(key, "carol", "critic");
        String mine = calls.create(key, null, "critic");
        calls.send("PATCH", BASE + "/" + critic, key, "carol", "{\"archived\":true}");

        assertThat(ids(calls.get(BASE, key, "carol"))).containsExactly(critic, coder);
        assertThat(ids(calls.get(BASE + "?agent=coder", key, "carol"))).containsExactly(coder);
        assertThat(ids(calls.get(BASE + "?archived=true", key, "carol"))).containsExactly(critic);
        assertThat(ids(calls.get(BASE + "?archived=false", key, "carol"))).containsExactly(coder);
        assertThat(ids(calls.get(BASE + "?user=carol", key, null))).containsExactly(critic, coder);
        assertThat(ids(calls.get(BASE, key, null)))
                .as("the key's own, without a user")
                .containsExactly(mine);
        assertThat(ids(calls.get(BASE, key, "dave"))).isEmpty();
    }

    @Test
    void anAdminListsEveryOwnersConversationsWithOwnerAny() {
        String admin = calls.client().adminKey();
        String keyId = calls.client().get("/api/v1/me", key).json().get("id").asText();
        String erin = calls.create(key, "erin", "coder");
        String other = calls.create(key, "frank", "coder");

        assertThat(ids(calls.get(BASE + "?owner=any&key=" + keyId, admin, null)))
                .containsExactly(other, erin);
        assertThat(ids(calls.get(BASE + "?owner=any&key=" + keyId + "&user=erin", admin, null)))
                .containsExactly(erin);
        assertThat(ids(calls.get(BASE + "?owner=any&limit=100", admin, null))).contains(erin, other);
        assertThat(ids(calls.get(BASE, admin, null))).as("an admin's own list").doesNotContain(erin, other);
        Reply refused = calls.get(BASE + "?owner=any", key, null);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("detail").asText()).contains("admin");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "POST  | {\"title\":\"x\"}                        | 'agent' is required",
                "POST  | {\"agent\":\"nobody\"}                   | 'agent' names no agent: 'nobody'",
                "POST  | {\"agent\":\"coder\",\"x\":1}            | unknown member 'x'",
                "POST  | {\"agent\":7}                            | 'agent' must be a string, not number",
                "POST  | {\"agent\":\"coder\",\"title\":null}     | 'title' must be a string, not null",
                "POST  | {\"agent\":\"coder\",\"metadata\":[1]}   | 'metadata' must be a JSON object, not array",
                "POST  | {\"agent\":\"coder\",\"agent\":\"coder\"} | member 'agent' appears twice",
                "POST  | [1]                                      | the request body must be a JSON object",
                "POST  | {\"agent\":                              | malformed JSON",
                "PATCH | {}                                       | nothing to change",
                "PATCH | {\"archived\":\"yes\"}                   | 'archived' must be true or false, not string",
                "PATCH | {\"agent\":\"critic\"}                   | 'agent' cannot be changed",
                "PATCH | {\"title\":\"a\\nb\"}                    | 'title' must not hold control characters",
            })
    void badBodiesAreRefusedNamingTheMember(String method, String body, String expected) {
        String path = method.equals("POST") ? BASE : BASE + "/" + calls.create(key, null, "coder");
        Reply r = calls.send(method, path, key, null, body);
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.json().get("detail").asText()).contains(expected);
    }

    @Test
    void limitsAndParametersAreChecked() {
        String id = calls.create(key, null, "coder");
        String longTitle = "{\"title\":\"" + "t".repeat(201) + "\"}";
        assertThat(detail(calls.send("PATCH", BASE + "/" + id, key, null, longTitle), 400))
                .contains("at most 200");
        String big = "{\"metadata\":{\"x\":\"" + "m".repeat(17_000) + "\"}}";
        assertThat(detail(calls.send("PATCH", BASE + "/" + id, key, null, big), 413))
                .contains("conversations.maxMetadataSize");
        assertThat(detail(calls.get(BASE + "?limit=101", key, null), 400)).contains("limit");
        assertThat(detail(calls.get(BASE + "?limit=0", key, null), 400)).contains("limit");
        assertThat(detail(calls.get(BASE + "?cursor=nope", key, null), 400)).contains("'cursor'");
        assertThat(detail(calls.get(BASE + "?archived=maybe", key, null), 400)).contains("'archived'");
        assertThat(detail(calls.get(BASE + "?sort=title", key, null), 400)).contains("unknown parameter 'sort'");
        assertThat(detail(calls.get(BASE + "?key=key_x", key, null), 400)).contains("owner=any");
        assertThat(detail(calls.get(BASE + "/" + id + "?limit=1", key, null), 400))
                .contains("'limit'");
        assertThat(detail(calls.get(BASE + "?user=", key, null), 400)).contains("'user' parameter");
        String messages = BASE + "/" + id + "/messages";
        assertThat(detail(calls.get(messages + "?after=1&before=3", key, null), 400))
                .contains("not both");
        assertThat(detail(calls.get(messages + "?after=-1", key, null), 400)).contains("after");
        assertThat(detail(calls.get(messages + "?cursor=1", key, null), 400)).contains("'cursor'");
        assertThat(detail(calls.get(BASE, key, "x".repeat(257)), 400)).contains("X-Helix-User");
        Reply both = calls.get(BASE + "?user=a", key, "b");
        assertThat(detail(both, 400)).contains("different users");
    }

    private static String detail(Reply r, int status) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        return r.json().get("detail").asText();
    }

    private static List<String> ids(Reply r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        r.json().get("data").forEach(c -> out.add(c.get("id").asText()));
        return out;
    }
}
