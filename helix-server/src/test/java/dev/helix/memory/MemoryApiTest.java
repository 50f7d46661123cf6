package dev.helix.memory;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.testing.HelixClient;
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

/**
 * The memory API end to end: adding, listing with its filters and pages, reading with history, changing with
 * {@code If-Match}, deleting, forgetting, the pinned profile and the search preview; and every way a request can be
 * wrong, each answered with the right status and a message naming the problem.
 */
@Timeout(60)
class MemoryApiTest {
    static final String BASE = MemoryApi.MEMORY;
    static final String JSON = "application/json";

    @RegisterExtension
    static HelixServerExtension server = new HelixServerExtension();

    private HelixClient client;
    private String key;

    /** The server under test; a subclass runs the same tests on PostgreSQL. */
    protected HelixServerExtension server() {
        return server;
    }

    @BeforeEach
    void aKey() {
        client = server().client();
        key = client.createKey("memory-app", "user");
    }

    Reply send(String method, String path, String key, String user, String body, String... headers) {
        String[] all = user == null ? headers : concat(headers, "X-Helix-User", user);
        return client.send(method, path, key, body == null ? null : JSON, body, all);
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    String add(String key, String user, String body) {
        Reply r = send("POST", BASE, key, user, body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asText();
    }

    @Test
    void aMemoryIsAddedReadChangedWithHistoryAndDeleted() {
        Reply made = send(
                "POST",
                BASE,
                key,
                "alice",
                "{\"text\":\"Alice prefers tea\",\"kind\":\"preference\",\"agent\":\"coder\",\"confidence\":0.9,"
                        + "\"sources\":[\"cmsg_1\"]}");
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        String id = made.json().get("id").asText();
        assertThat(made.header("Location")).isEqualTo(BASE + "/" + id);
        assertThat(made.header("ETag")).isEqualTo("\"1\"");
        assertThat(made.json().get("kind").asText()).isEqualTo("preference");
        assertThat(made.json().get("user").asText()).isEqualTo("alice");
        assertThat(made.json().get("validTo").isNull()).isTrue();

        Reply stale = send("PATCH", BASE + "/" + id, key, "alice", "{\"text\":\"x\"}", "If-Match", "\"7\"");
        assertThat(stale.status()).as(stale.body()).isEqualTo(412);
        assertThat(stale.json().get("detail").asText()).contains("version 1, not 7");
        Reply changed = send(
                "PATCH", BASE + "/" + id, key, "alice", "{\"text\":\"Alice prefers green tea\"}", "If-Match", "\"1\"");
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(changed.json().get("version").asLong()).isEqualTo(2);
        assertThat(changed.header("ETag")).isEqualTo("\"2\"");

        JsonNode read = send("GET", BASE + "/" + id, key, "alice", null).json();
        assertThat(read.get("text").asText()).isEqualTo("Alice prefers green tea");
        assertThat(read.get("history")).hasSize(2);
        assertThat(read.at("/history/0/text").asText()).isEqualTo("Alice prefers tea");
        assertThat(read.at("/history/1/action").asText()).isEqualTo("updated");

        Reply deleted = send("DELETE", BASE + "/" + id, key, "alice", null);
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.json().get("history").asInt()).isEqualTo(2);
        assertThat(send("GET", BASE + "/" + id, key, "alice", null).status()).isEqualTo(404);
    }

    @Test
    void changesOfOneMemoryAtOnceAreEachMadeOrRefusedAsAConflictNeverLost() {
        String id = add(key, "carol", "{\"text\":\"Carol likes tea\"}");
        java.util.List<java.util.concurrent.CompletableFuture<Reply>> patches = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String body = "{\"text\":\"Carol likes tea number " + i + "\"}";
            patches.add(java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> send("PATCH", BASE + "/" + id, key, "carol", body)));
        }
        int made = 0;
        for (java.util.concurrent.CompletableFuture<Reply> p : patches) {
            Reply r = p.join();
            assertThat(r.status()).as(r.body()).isIn(200, 409);
            if (r.status() == 200) {
                made++;
            } else {
                assertThat(r.json().get("detail").asText()).contains("changed by another request meanwhile");
            }
        }
        JsonNode item = send("GET", BASE + "/" + id, key, "carol", null).json();
        assertThat(made).isPositive();
        assertThat(item.get("version").asInt()).isEqualTo(1 + made);
        assertThat(item.get("history")).hasSize(1 + made);
    }

    @Test
    void aListIsFilteredAndPagedAndEndedMemoriesAreShownOnlyWhenAsked() {
        String tea = add(key, "bob", "{\"text\":\"Bob likes tea\",\"kind\":\"preference\"}");
        String rust = add(key, "bob", "{\"text\":\"Bob codes in Rust\",\"agent\":\"coder\"}");
        String moved = add(key, "bob", "{\"text\":\"Bob lives in Lyon\"}");
        Reply ended = send("PATCH", BASE + "/" + moved, key, "bob", "{\"validTo\":\"2000-01-01T00:00:00Z\"}");
        assertThat(ended.status()).as(ended.body()).isEqualTo(200);

        assertThat(ids(send("GET", BASE, key, "bob", null))).containsExactly(rust, tea);
        assertThat(ids(send("GET", BASE + "?valid=false", key, "bob", null))).containsExactly(moved, rust, tea);
        assertThat(ids(send("GET", BASE + "?agent=coder", key, "bob", null))).containsExactly(rust);
        assertThat(ids(send("GET", BASE + "?kind=preference", key, "bob", null)))
                .containsExactly(tea);
        assertThat(ids(send("GET", BASE + "?q=RUST", key, "bob", null))).containsExactly(rust);
        Reply first = send("GET", BASE + "?limit=1", key, "bob", null);
        assertThat(ids(first)).containsExactly(rust);
        String next = first.json().get("next").asText();
        assertThat(ids(send("GET", BASE + "?limit=1&cursor=" + next, key, "bob", null)))
                .containsExactly(tea);
        assertThat(send("GET", BASE + "/" + moved, key, "bob", null)
                        .json()
                        .at("/history/1/action")
                        .asText())
                .isEqualTo("invalidated");
    }

    @Test
    void theSearchPreviewGivesWhatAPromptWouldGet() {
        add(key, "carol", "{\"text\":\"Carol is allergic to peanuts\",\"kind\":\"fact\"}");
        add(key, "carol", "{\"text\":\"Carol runs marathons\",\"agent\":\"coder\"}");
        String ended = add(key, "carol", "{\"text\":\"Carol eats peanuts daily\"}");
        send("PATCH", BASE + "/" + ended, key, "carol", "{\"validTo\":\"2000-01-01T00:00:00Z\"}");
        add(key, "dave", "{\"text\":\"Dave sells peanuts\"}");

        Reply r = send("GET", MemoryApi.SEARCH + "?q=peanuts%20recipe&agent=coder&k=5", key, "carol", null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(texts(r)).containsExactly("Carol is allergic to peanuts");
        assertThat(texts(send("GET", MemoryApi.SEARCH + "?q=marathon", key, "carol", null)))
                .containsExactly("Carol runs marathons");
        assertThat(send("GET", MemoryApi.SEARCH + "?q=peanuts&k=51", key, "carol", null)
                        .status())
                .isEqualTo(400);
    }

    @Test
    void theProfileIsSetReadBoundedAndDeleted() {
        String path = MemoryApi.PROFILE;
        assertThat(send("GET", path, key, "erin", null).status()).isEqualTo(404);
        Reply set = send("PUT", path, key, "erin", "{\"text\":\"Erin, a nurse in Lyon\"}");
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        assertThat(set.json().get("version").asLong()).isEqualTo(1);
        assertThat(send("PUT", path, key, "erin", "{\"text\":\"Erin, a nurse in Paris\"}")
                        .json()
                        .get("version")
                        .asLong())
                .isEqualTo(2);
        assertThat(send("GET", path, key, "erin", null).json().get("text").asText())
                .isEqualTo("Erin, a nurse in Paris");
        assertThat(send("GET", path, key, "frank", null).status()).isEqualTo(404);
        Reply big = send("PUT", path, key, "erin", "{\"text\":\"" + "p".repeat(5000) + "\"}");
        assertThat(big.status()).isEqualTo(413);
        assertThat(big.json().get("detail").asText()).contains("memory.maxProfileSize");
        assertThat(send("DELETE", path, key, "erin", null).status()).isEqualTo(200);
        assertThat(send("GET", path, key, "erin", null).status()).isEqualTo(404);
        assertThat(send("DELETE", path, key, "erin", null).status()).isEqualTo(404);
    }

    @Test
    void forgettingEverythingDeletesItemsHistoryAndProfileOfThatOwnerOnly() {
        add(key, "gina", "{\"text\":\"Gina has two dogs\"}");
        add(key, "gina", "{\"text\":\"Gina writes Go\",\"agent\":\"coder\"}");
        add(key, "hank", "{\"text\":\"Hank has a dog\"}");
        send("PUT", MemoryApi.PROFILE, key, "gina", "{\"text\":\"Gina\"}");

        assertThat(send("DELETE", BASE, key, "gina", null).status())
                .as("needs all=true")
                .isEqualTo(400);
        Reply coder = send("DELETE", BASE + "?all=true&agent=coder", key, "gina", null);
        assertThat(coder.json().get("items").asInt()).isEqualTo(1);
        assertThat(coder.json().get("profile").asBoolean()).isFalse();
        Reply all = send("DELETE", BASE + "?all=true", key, "gina", null);
        assertThat(all.status()).as(all.body()).isEqualTo(200);
        assertThat(all.json().get("items").asInt()).isEqualTo(1);
        assertThat(all.json().get("history").asInt()).isEqualTo(1);
        assertThat(all.json().get("profile").asBoolean()).isTrue();
        assertThat(ids(send("GET", BASE + "?valid=false", key, "gina", null))).isEmpty();
        assertThat(texts(send("GET", MemoryApi.SEARCH + "?q=dog", key, "gina", null)))
                .isEmpty();
        assertThat(texts(send("GET", MemoryApi.SEARCH + "?q=dog", key, "hank", null)))
                .containsExactly("Hank has a dog");
    }

    @Test
    void anAdminListsAndReadsEveryOwnersMemoriesButChangesNone() {
        String admin = client.adminKey();
        String keyId = client.get("/api/v1/me", key).json().get("id").asText();
        String id = add(key, "ivy", "{\"text\":\"Ivy knits\"}");
        assertThat(ids(send("GET", BASE + "?owner=any&key=" + keyId + "&q=knits", admin, null, null)))
                .containsExactly(id);
        assertThat(send("GET", BASE + "/" + id, admin, null, null).status()).isEqualTo(200);
        assertThat(send("PATCH", BASE + "/" + id, admin, null, "{\"text\":\"x\"}")
                        .status())
                .isEqualTo(404);
        assertThat(send("DELETE", BASE + "/" + id, admin, null, null).status()).isEqualTo(404);
        Reply refused = send("GET", BASE + "?owner=any", key, null, null);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("detail").asText()).contains("admin");
    }

    @Test
    void memoryEventsAreShownToTheOwnersKeyAndAdminsOnlyAndCarryNoText() {
        add(key, "jack", "{\"text\":\"Jack's secret hobby\"}");
        String other = client.createKey("other-app", "user");
        String page = "/api/v1/event-log?types=memory.*&limit=1000";
        assertThat(client.get(page, other).json().get("events")).isEmpty();
        JsonNode own = client.get(page, key).json().get("events");
        assertThat(own).isNotEmpty();
        assertThat(own.toString()).doesNotContain("secret hobby");
        assertThat(client.get(page, client.adminKey()).json().get("events")).isNotEmpty();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "POST  | {\"kind\":\"fact\"}                          | 400 | 'text' is required",
                "POST  | {\"text\":\"t\",\"x\":1}                      | 400 | unknown member 'x'",
                "POST  | {\"text\":7}                                  | 400 | 'text' must be a string, not number",
                "POST  | {\"text\":\"t\",\"kind\":\"mood\"}             | 400 | 'kind' must be one of fact, preference",
                "POST  | {\"text\":\"t\",\"confidence\":\"high\"}       | 400 | 'confidence' must be a number",
                "POST  | {\"text\":\"t\",\"confidence\":2}              | 400 | 'confidence' must be from 0 to 1",
                "POST  | {\"text\":\"t\",\"agent\":null}                | 400 | 'agent' must be a string, not null",
                "POST  | {\"text\":\"t\",\"sources\":[1]}               | 400 | 'sources' must hold strings",
                "POST  | {\"text\":\"t\",\"validTo\":\"soon\"}          | 400 | 'validTo' must be a time",
                "POST  | {\"text\":\"t\",\"text\":\"u\"}                | 400 | member 'text' appears twice",
                "POST  | [1]                                          | 400 | the request body must be a JSON object",
                "POST  | {\"text\":                                   | 400 | malformed JSON",
                "POST  | {\"text\":\"   \"}                            | 400 | 'text' must not be blank",
                "PATCH | {}                                           | 400 | nothing to change",
                "PATCH | {\"agent\":\"coder\"}                         | 400 | 'agent', 'sources' and 'validFrom' cannot",
                "PATCH | {\"kind\":true}                               | 400 | 'kind' must be a string, not boolean",
            })
    void badBodiesAreRefusedNamingTheMember(String method, String body, int status, String expected) {
        String path = method.equals("POST") ? BASE : BASE + "/" + add(key, null, "{\"text\":\"some memory\"}");
        Reply r = send(method, path, key, null, body);
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.json().get("detail").asText()).contains(expected);
    }

    @Test
    void limitsParametersAndKeysAreChecked() {
        String id = add(key, null, "{\"text\":\"a memory\"}");
        assertThat(detail(send("POST", BASE, key, null, "{\"text\":\"" + "x".repeat(3000) + "\"}"), 413))
                .contains("memory.maxTextSize");
        assertThat(send("POST", BASE, key, null, "{\"text\":\"" + "x".repeat(2_000_000) + "\"}")
                        .status())
                .isEqualTo(413);
        assertThat(client.send("POST", BASE, key, "text/plain", "{\"text\":\"t\"}")
                        .status())
                .isEqualTo(415);
        assertThat(detail(send("GET", BASE + "?limit=101", key, null, null), 400))
                .contains("limit");
        assertThat(detail(send("GET", BASE + "?cursor=nope", key, null, null), 400))
                .contains("'cursor'");
        assertThat(detail(send("GET", BASE + "?valid=maybe", key, null, null), 400))
                .contains("'valid'");
        assertThat(detail(send("GET", BASE + "?kind=mood", key, null, null), 400))
                .contains("'kind'");
        assertThat(detail(send("GET", BASE + "?sort=x", key, null, null), 400)).contains("unknown parameter 'sort'");
        assertThat(detail(send("GET", BASE + "?key=key_x", key, null, null), 400))
                .contains("owner=any");
        assertThat(detail(send("GET", MemoryApi.SEARCH + "?k=0", key, null, null), 400))
                .contains("k must be a whole number from 1 to 50");
        assertThat(detail(send("PATCH", BASE + "/" + id, key, null, "{\"text\":\"b\"}", "If-Match", "\"x\""), 400))
                .contains("If-Match");
        assertThat(detail(send("GET", BASE, key, "x".repeat(257), null), 400)).contains("X-Helix-User");
        assertThat(client.send("GET", BASE, null, null, null).status()).isEqualTo(401);
        assertThat(client.send("GET", BASE, "hx_not_a_key", null, null).status())
                .isEqualTo(401);
        assertThat(detail(send("GET", BASE + "/mem_01M97FSJKFSH8T239NCR5CCM7A", key, null, null), 404))
                .contains("no memory 'mem_01M97FSJKFSH8T239NCR5CCM7A'");
    }

    private static String detail(Reply r, int status) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        return r.json().get("detail").asText();
    }

    static List<String> ids(Reply r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        r.json().get("data").forEach(c -> out.add(c.get("id").asText()));
        return out;
    }

    static List<String> texts(Reply r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        r.json().get("data").forEach(c -> out.add(c.get("text").asText()));
        return out;
    }
}
