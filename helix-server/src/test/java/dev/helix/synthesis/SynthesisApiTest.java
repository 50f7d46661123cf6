package dev.helix.synthesis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.testing.HelixClient.Reply;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The runs API's scoping and refusals: another key, or the same key for another user, gets 404 for a run and for
 * asking a run of the conversation, and empty lists; an admin reads every owner's runs but asks for none of theirs;
 * every malformed request gets the right status with a message naming the problem.
 */
@Timeout(60)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SynthesisApiTest {
    private SynthesisFixture helix;
    private String key;
    private String conversation;
    private String run;

    @BeforeAll
    void aRunOfAlice() throws IOException {
        helix = SynthesisFixture.start("sqlite", s -> s);
        key = helix.key("app");
        conversation = helix.conversation(key, "alice");
        helix.say(key, "alice", conversation, "I live in Porto.");
        run = helix.synthesised(key, "alice", conversation).get("id").asText();
    }

    @AfterAll
    void stop() throws IOException {
        helix.close();
    }

    @Test
    void anotherKeyOrAnotherUserOfTheKeyFindsNothing() {
        String other = helix.key("other");
        for (String[] who : new String[][] {{other, "alice"}, {other, null}, {key, "bob"}, {key, null}}) {
            Reply one = helix.send("GET", SynthesisFixture.RUNS + "/" + run, who[0], who[1], null);
            assertThat(one.status()).as(one.body()).isEqualTo(404);
            assertThat(one.json().get("detail").asText())
                    .contains("no synthesis run")
                    .contains(run);
            Reply ask = helix.synthesise(who[0], who[1], conversation);
            assertThat(ask.status()).as(ask.body()).isEqualTo(404);
            assertThat(ask.json().get("detail").asText())
                    .contains("no conversation")
                    .contains(conversation);
            assertThat(helix.runs(who[0], who[1], "")).isEmpty();
            assertThat(helix.runs(who[0], who[1], "?conversation=" + conversation))
                    .isEmpty();
        }
        Reply byQuery = helix.send("GET", SynthesisFixture.RUNS + "/" + run + "?user=alice", key, null, null);
        assertThat(byQuery.status()).as("the user may come as ?user=").isEqualTo(200);
    }

    @Test
    void anAdminReadsEveryOwnersRunsButAsksForNoneOfTheirs() {
        String admin = helix.client.adminKey();
        Reply one = helix.send("GET", SynthesisFixture.RUNS + "/" + run, admin, null, null);
        assertThat(one.status()).as(one.body()).isEqualTo(200);
        assertThat(one.json().get("user").asText()).isEqualTo("alice");
        assertThat(helix.runs(admin, null, "")).as("the admin's own").isEmpty();
        JsonNode all = helix.runs(admin, null, "?owner=any");
        assertThat(all.findValuesAsText("id")).contains(run);
        Reply ask = helix.synthesise(admin, null, conversation);
        assertThat(ask.status()).as(ask.body()).isEqualTo(404);
        Reply notAdmin = helix.send("GET", SynthesisFixture.RUNS + "?owner=any", key, "alice", null);
        assertThat(notAdmin.status()).as(notAdmin.body()).isEqualTo(403);
        assertThat(notAdmin.json().get("detail").asText()).contains("admins only");
    }

    @Test
    void malformedRequestsAreRefusedNamingTheProblem() {
        String ask = "/api/v1/conversations/" + conversation + "/synthesise";
        expect(helix.client.send("POST", ask, key, "application/json", "{", "X-Helix-User", "alice"), 400, "");
        expect(
                helix.client.send("POST", ask, key, "application/json", "{\"now\":true}", "X-Helix-User", "alice"),
                400,
                "now");
        expect(helix.client.send("POST", ask, key, "application/json", "[]", "X-Helix-User", "alice"), 400, "");
        expect(
                helix.client.send("POST", ask, key, "application/json", "{\"a\":1,\"a\":2}", "X-Helix-User", "alice"),
                400,
                "a");
        expect(
                helix.client.send("POST", ask, key, "text/plain", "hello", "X-Helix-User", "alice"),
                415,
                "Content-Type");
        byte[] big = ("{\"pad\":\"" + "x".repeat(1_100_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        expect(helix.client.sendBytes("POST", ask, key, "application/json", big, "X-Helix-User", "alice"), 413, "");
        expect(helix.client.send("POST", ask, null, null, null), 401, "");
        expect(helix.send("GET", SynthesisFixture.RUNS + "?cursor=nope", key, "alice", null), 400, "cursor");
        expect(helix.send("GET", SynthesisFixture.RUNS + "?limit=0", key, "alice", null), 400, "limit");
        expect(helix.send("GET", SynthesisFixture.RUNS + "?limit=ten", key, "alice", null), 400, "limit");
        expect(helix.send("GET", SynthesisFixture.RUNS + "?owner=all", key, "alice", null), 400, "owner");
        expect(helix.send("GET", SynthesisFixture.RUNS + "?colour=red", key, "alice", null), 400, "colour");
        expect(helix.send("GET", SynthesisFixture.RUNS + "/" + run + "?x=1", key, "alice", null), 400, "'x'");
        expect(helix.send("GET", SynthesisFixture.RUNS + "/syn_nope", key, "alice", null), 404, "syn_nope");
        expect(helix.synthesise(key, "alice", "conv_nope"), 404, "conv_nope");
    }

    @Test
    void anEmptyObjectIsAllAskingForARunMayCarry() {
        String ask = "/api/v1/conversations/" + conversation + "/synthesise";
        Reply r = helix.client.send("POST", ask, key, "application/json", "{}", "X-Helix-User", "alice");
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        helix.awaitEnd(key, "alice", r.json().get("id").asText());
    }

    private static void expect(Reply r, int status, String mentions) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.header("Content-Type")).contains("application/problem+json");
        assertThat(r.json().path("detail").asText()).as(r.body()).contains(mentions);
    }
}
