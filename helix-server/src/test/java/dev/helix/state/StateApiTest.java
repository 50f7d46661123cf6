package dev.helix.state;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.bus.Event;
import dev.helix.testing.Bytes;
import dev.helix.testing.HelixClient;
import dev.helix.testing.HelixClient.Reply;
import dev.helix.testing.HelixServerExtension;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class StateApiTest {
    private static final String JSON = "application/json";
    private static final String MERGE = "application/merge-patch+json";

    @RegisterExtension
    static HelixServerExtension server = new HelixServerExtension()
            .config(c -> c.toBuilder().state(s -> s.history(5)).build());

    private final HelixClient client = server().client();

    /** The server under test; a subclass runs the same tests on PostgreSQL. */
    protected HelixServerExtension server() {
        return server;
    }

    private Reply read() {
        return client.get("/api/v1/state");
    }

    private Reply put(String body, String ifMatch) {
        return ifMatch == null
                ? client.send("PUT", "/api/v1/state", client.adminKey(), JSON, body)
                : client.send("PUT", "/api/v1/state", client.adminKey(), JSON, body, "If-Match", ifMatch);
    }

    private Reply patch(String body, String ifMatch) {
        return client.send("PATCH", "/api/v1/state", client.adminKey(), MERGE, body, "If-Match", ifMatch);
    }

    @Test
    void writesNeedTheCurrentVersionAndAnswerWithTheNewETag() {
        Reply before = read();
        assertThat(before.status()).isEqualTo(200);
        String etag = before.header("ETag");
        assertThat(etag).matches("\"\\d+\"");

        Reply written = put("{\"harmony\":{\"level\":3},\"tags\":[\"a\"]}", etag);
        assertThat(written.status()).isEqualTo(200);
        String next = written.header("ETag");
        assertThat(version(next)).isEqualTo(version(etag) + 1);
        assertThat(written.json().get("version").asLong()).isEqualTo(version(next));

        Reply after = read();
        assertThat(after.header("ETag")).isEqualTo(next);
        assertThat(after.json().get("harmony").get("level").asInt()).isEqualTo(3);

        Reply stale = put("{}", etag);
        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.json().get("currentVersion").asLong()).isEqualTo(version(next));
        assertThat(stale.json().get("detail").asText()).contains("version " + version(next));

        Reply weak = put("{}", "W/" + next);
        assertThat(weak.status())
                .as("If-Match compares strongly: a weak tag never matches")
                .isEqualTo(412);

        Reply missing = put("{}", null);
        assertThat(missing.status()).isEqualTo(428);
        assertThat(missing.json().get("detail").asText()).contains("If-Match");
    }

    @Test
    void mergePatchFollowsRfc7386() {
        put("{\"a\":{\"b\":1,\"c\":2},\"keep\":true}", "*");
        Reply patched = patch("{\"a\":{\"b\":null,\"d\":[1,2]},\"new\":\"x\"}", read().header("ETag"));
        assertThat(patched.status()).isEqualTo(200);
        assertThat(read().json()).isEqualTo(json("{\"a\":{\"c\":2,\"d\":[1,2]},\"keep\":true,\"new\":\"x\"}"));

        Reply wrongType = client.send("PATCH", "/api/v1/state", client.adminKey(), JSON, "{}", "If-Match", "*");
        assertThat(wrongType.status()).isEqualTo(415);
        assertThat(wrongType.header("Accept-Patch")).isEqualTo(MERGE);
    }

    @Test
    void ifNoneMatchAnswers304AndPathsSelectSubTrees() {
        put("{\"harmony\":{\"level\":7,\"list\":[\"x\",\"y\"]}}", "*");
        Reply full = read();
        Reply again = client.send(
                "GET", "/api/v1/state", client.adminKey(), null, null, "If-None-Match", full.header("ETag"));
        assertThat(again.status()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(again.header("ETag")).isEqualTo(full.header("ETag"));

        assertThat(client.get("/api/v1/state?path=/harmony/level").body()).isEqualTo("7");
        assertThat(client.get("/api/v1/state?path=/harmony/list/1").json().asText())
                .isEqualTo("y");
        Reply absent = client.get("/api/v1/state?path=/nope");
        assertThat(absent.status()).isEqualTo(404);
        assertThat(absent.json().get("detail").asText()).contains("/nope");
        assertThat(client.get("/api/v1/state?path=harmony").status()).isEqualTo(400);
        Reply junkCondition =
                client.send("GET", "/api/v1/state", client.adminKey(), null, null, "If-None-Match", "garbage");
        assertThat(junkCondition.status()).isEqualTo(200);
    }

    @Test
    void badDocumentsAreRefusedWithTheReason() {
        assertThat(put("[1,2]", "*").json().get("detail").asText()).contains("JSON object");
        assertThat(put("{\"a\":", "*").status()).isEqualTo(400);
        assertThat(put("{}", "12").json().get("detail").asText()).contains("quoted");
        assertThat(put("{}", "\"abc\"").status()).isEqualTo(400);
        String deep = "{\"a\":".repeat(70) + "1" + "}".repeat(70);
        assertThat(put(deep, "*").status()).isEqualTo(400);
        Reply plain = client.send("PUT", "/api/v1/state", client.adminKey(), "text/plain", "{}", "If-Match", "*");
        assertThat(plain.status()).isEqualTo(415);
    }

    @Test
    void onlyTheWriteRoleMayWrite() {
        String user = client.createKey("state-reader", "user");
        assertThat(client.get("/api/v1/state", user).status()).isEqualTo(200);
        Reply denied = client.send("PUT", "/api/v1/state", user, JSON, "{}", "If-Match", "*");
        assertThat(denied.status()).isEqualTo(403);
        assertThat(client.get("/api/v1/state", null).status()).isEqualTo(401);
    }

    @Test
    void historyKeepsTheNewestVersionsAndEachCanBeRead() {
        for (int i = 0; i < 7; i++) {
            assertThat(patch("{\"counter\":" + i + "}", "*").status()).isEqualTo(200);
        }
        long current = version(read().header("ETag"));
        JsonNode history = client.get("/api/v1/state/history").json().get("data");
        assertThat(history).hasSize(5);
        assertThat(history.get(0).get("version").asLong()).isEqualTo(current);
        assertThat(history.get(0).get("author").asText()).startsWith("admin");
        assertThat(history.get(0).get("size").asInt()).isPositive();

        Reply older = client.get("/api/v1/state/versions/" + (current - 1));
        assertThat(older.json().get("document").get("counter").asInt()).isEqualTo(5);
        Reply gone = client.get("/api/v1/state/versions/" + (current - 5));
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.json().get("detail").asText()).contains("not kept");
        assertThat(client.get("/api/v1/state/versions/x").status()).isEqualTo(400);

        Reply page = client.get("/api/v1/state/history?limit=2");
        assertThat(page.json().get("data")).hasSize(2);
        assertThat(page.json().get("next").asText()).contains("before=" + (current - 1));
    }

    @Test
    void anOverlongUtf8SlashIsRefusedNotReadAsASlash() {
        // C0 AF is an overlong encoding of '/': a lenient decoder reads {"a":"/x"}
        byte[] body = Bytes.of("{\"a\":\"", 0xC0, 0xAF, "x\"}");
        Reply refused = client.sendBytes("PUT", "/api/v1/state", client.adminKey(), JSON, body, "If-Match", "*");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("detail").asText())
                .contains("not valid JSON text")
                .contains("the bytes C0 AF")
                .contains("at byte 6")
                .contains("not well-formed UTF-8");
        byte[] surrogate = Bytes.of("{\"a\":\"", 0xED, 0xA0, 0x80, "\"}");
        assertThat(client.sendBytes("PUT", "/api/v1/state", client.adminKey(), JSON, surrogate, "If-Match", "*")
                        .status())
                .isEqualTo(400);
        byte[] fine = Bytes.of("{\"a\":\"", 0xC3, 0xA9, 0xF0, 0x9F, 0x99, 0x82, "\"}");
        assertThat(client.sendBytes("PUT", "/api/v1/state", client.adminKey(), JSON, fine, "If-Match", "*")
                        .status())
                .isEqualTo(200);
        assertThat(read().json().get("a").asText()).isEqualTo("é🙂");
    }

    @Test
    void numbersADoubleCannotHoldAreRefusedNamingTheMember() {
        Reply huge = put("{\"a\":{\"b\":[1,1e999]}}", "*");
        assertThat(huge.status()).isEqualTo(400);
        assertThat(huge.json().get("detail").asText())
                .contains("1e999")
                .contains("member 'a.b[1]'")
                .contains("beyond the range of a double");
        Reply tiny = patch("{\"c\":-1e-999}", "*");
        assertThat(tiny.status()).isEqualTo(400);
        assertThat(tiny.json().get("detail").asText())
                .contains("-1e-999")
                .contains("member 'c'")
                .contains("not 0");
        assertThat(put("{\"d\":1" + "0".repeat(309) + "}", "*").status()).isEqualTo(400);
        assertThat(put("{\"zero\":0.0e-999,\"small\":1e-310,\"big\":1.7e308,\"long\":18446744073709551617}", "*")
                        .status())
                .isEqualTo(200);
        JsonNode doc = read().json();
        assertThat(doc.get("small").asDouble()).isEqualTo(1e-310);
        assertThat(doc.get("long").bigIntegerValue()).hasToString("18446744073709551617");
    }

    @Test
    void versionsAndPageSizesAreWholeNumbersWrittenInDigits() {
        assertThat(patch("{\"v\":1}", "*").status()).isEqualTo(200);
        long current = version(read().header("ETag"));
        assertThat(client.get("/api/v1/state/versions/" + current).status()).isEqualTo(200);
        for (String alias : List.of(
                current + "%00",
                "+" + current,
                current + ";",
                current + ";x=1",
                "0" + current,
                "%20" + current,
                current + "%20",
                current + ".0")) {
            Reply r = client.get("/api/v1/state/versions/" + alias);
            assertThat(r.status()).as(alias).isEqualTo(400);
        }
        assertThat(client.get("/api/v1/state/versions/%2B1")
                        .json()
                        .get("detail")
                        .asText())
                .isEqualTo("version must be a whole number from 0 to 9223372036854775807 written in digits, not '+1'");
        assertThat(client.get("/api/v1/state/history?limit=%2B2").status()).isEqualTo(400);
        assertThat(client.get("/api/v1/state/history?before=%201").status()).isEqualTo(400);
        assertThat(client.get("/api/v1/state/history?limit=2").status()).isEqualTo(200);
        assertThat(put("{}", "\"+" + current + "\"").status()).isEqualTo(400);
    }

    @Test
    void concurrentWritersRacingOnOneVersionExactlyOneWins() {
        String etag = read().header("ETag");
        List<CompletableFuture<Reply>> racers = IntStream.range(0, 8)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> patch("{\"winner\":" + i + "}", etag)))
                .toList();
        List<Reply> replies = racers.stream().map(CompletableFuture::join).toList();
        assertThat(replies).filteredOn(r -> r.status() == 200).hasSize(1);
        assertThat(replies).filteredOn(r -> r.status() == 412).hasSize(7);
        int winner = replies.stream()
                .filter(r -> r.status() == 200)
                .findFirst()
                .orElseThrow()
                .json()
                .get("version")
                .asInt();
        assertThat(winner).isEqualTo(version(etag) + 1);
    }

    @Test
    void concurrentWritersWithoutConditionsLoseNothing() {
        String base = "{\"n\":{}}";
        put(base, "*");
        long start = version(read().header("ETag"));
        List<CompletableFuture<Reply>> writers = IntStream.range(0, 20)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> patch("{\"n\":{\"w" + i + "\":" + i + "}}", "*")))
                .toList();
        writers.forEach(w -> assertThat(w.join().status()).isEqualTo(200));
        assertThat(read().json().get("n")).hasSize(20);
        assertThat(version(read().header("ETag"))).isEqualTo(start + 20);
    }

    @Test
    void everyChangeIsAnnouncedWithTheMergePatch() throws Exception {
        java.util.concurrent.BlockingQueue<Event> events = new java.util.concurrent.LinkedBlockingQueue<>();
        var sub = server().helix().bus().subscribe("test", SharedState.CHANGED, events::add);
        try {
            put("{\"x\":1,\"y\":2}", "*");
            patch("{\"y\":null}", "*");
            Event first = events.poll(5, java.util.concurrent.TimeUnit.SECONDS);
            Event second = events.poll(5, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(first.topic()).isEqualTo("state");
            assertThat(second.data().get("patch")).isEqualTo(json("{\"y\":null}"));
            assertThat(second.data())
                    .containsEntry("role", "admin")
                    .containsEntry("via", "api")
                    .doesNotContainKey("author");
            assertThat((Long) second.data().get("version"))
                    .isEqualTo((Long) first.data().get("version") + 1);
        } finally {
            sub.close();
        }
    }

    private static long version(String etag) {
        return Long.parseLong(etag.replace("\"", ""));
    }

    private static JsonNode json(String text) {
        try {
            return dev.helix.internal.Json.mapper().readTree(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
