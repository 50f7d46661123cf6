package dev.helix;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.conversations.ConversationsApi;
import dev.helix.memory.MemoryApi;
import dev.helix.synthesis.SynthesisApi;
import dev.helix.testing.HelixClient;
import dev.helix.testing.HelixClient.Reply;
import dev.helix.testing.HelixServerExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every route of owned data (conversations, memory and its synthesis runs), tried with another key and with the owner's key for another
 * end user or for none: each answers as if the owner's data did not exist (404, an empty list, nothing forgotten),
 * and at the end the owner's data is all still there, unchanged. A table of routes: a new owned route is one more row.
 */
@Timeout(60)
class OwnerScopeLeakTest {
    /** What a route answers someone who is not the owner. */
    enum Expect {
        /** 404, as for data that does not exist. */
        NOT_FOUND,
        /** 200 with an empty {@code data}. */
        EMPTY,
        /** 200 having forgotten nothing ({@code items} 0, no profile). */
        NOTHING_FORGOTTEN
    }

    /**
     * One route: how to call it ({id} is the owner's conversation or memory, {conversation} and {run} the owner's
     * conversation and synthesis run) and what an intruder gets.
     */
    record Route(String method, String template, String body, Expect expect) {
        String path(String conversation, String memory) {
            return template.replace("{run}", run)
                    .replace("{conversation}", conversation)
                    .replace("{id}", template.startsWith(ConversationsApi.CONVERSATIONS) ? conversation : memory);
        }

        @Override
        public String toString() {
            return method + " " + template;
        }
    }

    static final List<Route> ROUTES = List.of(
            new Route("GET", ConversationsApi.CONVERSATIONS, null, Expect.EMPTY),
            new Route("GET", ConversationsApi.CONVERSATION, null, Expect.NOT_FOUND),
            new Route("PATCH", ConversationsApi.CONVERSATION, "{\"title\":\"taken\"}", Expect.NOT_FOUND),
            new Route("DELETE", ConversationsApi.CONVERSATION, null, Expect.NOT_FOUND),
            new Route("GET", ConversationsApi.MESSAGES, null, Expect.NOT_FOUND),
            new Route("POST", ConversationsApi.MESSAGES, "{\"content\":\"!agents\"}", Expect.NOT_FOUND),
            new Route("GET", MemoryApi.MEMORY + "?valid=false", null, Expect.EMPTY),
            new Route("GET", MemoryApi.SEARCH + "?q=secret", null, Expect.EMPTY),
            new Route("GET", MemoryApi.ITEM, null, Expect.NOT_FOUND),
            new Route("PATCH", MemoryApi.ITEM, "{\"text\":\"taken\"}", Expect.NOT_FOUND),
            new Route("DELETE", MemoryApi.ITEM, null, Expect.NOT_FOUND),
            new Route("GET", MemoryApi.PROFILE, null, Expect.NOT_FOUND),
            new Route("DELETE", MemoryApi.PROFILE, null, Expect.NOT_FOUND),
            new Route("DELETE", MemoryApi.MEMORY + "?all=true", null, Expect.NOTHING_FORGOTTEN),
            new Route("POST", SynthesisApi.SYNTHESISE, null, Expect.NOT_FOUND),
            new Route("GET", SynthesisApi.RUNS, null, Expect.EMPTY),
            new Route("GET", SynthesisApi.RUNS + "?conversation={conversation}", null, Expect.EMPTY),
            new Route("GET", SynthesisApi.RUNS + "/{run}", null, Expect.NOT_FOUND));

    /** Who tries: a key ({@code other} or the {@code owner}'s) and an end user (null: none). */
    record Intruder(String name, String key, String user) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final List<Intruder> INTRUDERS = List.of(
            new Intruder("another key, same user", "other", "alice"),
            new Intruder("another key, no user", "other", null),
            new Intruder("same key, another user", "owner", "bob"),
            new Intruder("same key, no user", "owner", null));

    @RegisterExtension
    static HelixServerExtension server = new HelixServerExtension();

    private static HelixClient client;
    private static String owner;
    private static String other;
    private static String conversation;
    private static String memory;
    private static String run;

    @BeforeAll
    static void ownersData() {
        client = server.client();
        owner = client.createKey("app", "user");
        other = client.createKey("other-app", "user");
        conversation = created(send("POST", ConversationsApi.CONVERSATIONS, owner, "alice", "{\"agent\":\"coder\"}"));
        memory = created(send("POST", MemoryApi.MEMORY, owner, "alice", "{\"text\":\"Alice's secret\"}"));
        Reply synthesis = send("POST", "/api/v1/conversations/" + conversation + "/synthesise", owner, "alice", null);
        assertThat(synthesis.status()).as(synthesis.body()).isEqualTo(202);
        run = synthesis.json().get("id").asText();
        assertThat(send("PUT", MemoryApi.PROFILE, owner, "alice", "{\"text\":\"Alice's profile\"}")
                        .status())
                .isEqualTo(200);
    }

    private static String created(Reply r) {
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asText();
    }

    static Reply send(String method, String path, String key, String user, String body) {
        String type = body == null ? null : "application/json";
        return user == null
                ? client.send(method, path, key, type, body)
                : client.send(method, path, key, type, body, "X-Helix-User", user);
    }

    static Stream<Object[]> everyRouteByEveryIntruder() {
        List<Object[]> cases = new ArrayList<>();
        for (Route r : ROUTES) {
            for (Intruder i : INTRUDERS) {
                cases.add(new Object[] {r, i});
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} by {1}")
    @MethodSource("everyRouteByEveryIntruder")
    void noOneButTheOwnerReachesTheirData(Route route, Intruder intruder) {
        String key = intruder.key().equals("owner") ? owner : other;
        Reply r = send(route.method(), route.path(conversation, memory), key, intruder.user(), route.body());
        switch (route.expect()) {
            case NOT_FOUND -> {
                assertThat(r.status()).as(r.body()).isEqualTo(404);
                assertThat(r.json().get("detail").asText())
                        .doesNotContain("alice")
                        .doesNotContain("secret");
            }
            case EMPTY -> {
                assertThat(r.status()).as(r.body()).isEqualTo(200);
                assertThat(r.json().get("data")).as(r.body()).isEmpty();
            }
            case NOTHING_FORGOTTEN -> {
                assertThat(r.status()).as(r.body()).isEqualTo(200);
                assertThat(r.json().get("items").asInt()).isZero();
                assertThat(r.json().get("profile").asBoolean()).isFalse();
            }
        }
        assertThat(r.body()).doesNotContain("Alice's secret").doesNotContain("Alice's profile");
    }

    @AfterAll
    static void theOwnersDataIsUntouched() {
        JsonNode c = send("GET", ConversationsApi.CONVERSATIONS + "/" + conversation, owner, "alice", null)
                .json();
        assertThat(c.get("title").asText()).isEmpty();
        assertThat(c.get("lastSeq").asLong()).isZero();
        JsonNode m = send("GET", MemoryApi.MEMORY + "/" + memory, owner, "alice", null)
                .json();
        assertThat(m.get("text").asText()).isEqualTo("Alice's secret");
        assertThat(m.get("version").asLong()).isEqualTo(1);
        assertThat(send("GET", MemoryApi.PROFILE, owner, "alice", null)
                        .json()
                        .get("text")
                        .asText())
                .isEqualTo("Alice's profile");
    }
}
