package dev.helix.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.testing.Await;
import dev.helix.testing.HelixClient;
import dev.helix.testing.HelixClient.Reply;
import dev.helix.testing.HelixServerExtension;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code GET /api/v1/event-log}: paging, type filters, strict parameters, and what each key may see. */
@Timeout(60)
class EventLogApiTest {
    @RegisterExtension
    static HelixServerExtension server = new HelixServerExtension();

    /** The server under test; a subclass runs the same tests on PostgreSQL. */
    protected HelixServerExtension server() {
        return server;
    }

    private HelixClient client() {
        return server().client();
    }

    @Test
    void anAdminPagesThroughEveryEventInOrderWithTheActor() {
        String start = next(client().get("/api/v1/event-log?limit=1000"));
        String adminId = client().get("/api/v1/me").json().get("id").asText();
        client().createKey("ed", "user");
        patchState("{\"log\":1}");

        List<JsonNode> events = events(client().get("/api/v1/event-log?after=" + start));
        assertThat(events).extracting(e -> e.get("type").asText()).containsSubsequence("keys.created", "state.changed");
        JsonNode created = find(events, "keys.created");
        assertThat(created.get("subject").asText()).isEqualTo("keys");
        assertThat(created.get("actor").asText()).isEqualTo(adminId);
        assertThat(created.get("data").get("name").asText()).isEqualTo("ed");
        assertThat(find(events, "state.changed")
                        .get("data")
                        .get("patch")
                        .get("log")
                        .asInt())
                .isEqualTo(1);
        assertThat(events)
                .extracting(e -> Long.parseLong(e.get("id").asText()))
                .isSorted()
                .doesNotHaveDuplicates();
    }

    @Test
    void nextLeadsToTheFollowingPageWithoutSkippingOrRepeating() {
        String start = next(client().get("/api/v1/event-log?limit=1000"));
        for (int i = 0; i < 3; i++) {
            patchState("{\"page\":" + i + "}");
        }
        List<String> ids = new ArrayList<>();
        String after = start;
        for (int i = 0; i < 3; i++) {
            Reply page = client().get("/api/v1/event-log?types=state.changed&limit=1&after=" + after);
            List<JsonNode> events = events(page);
            assertThat(events).hasSize(1);
            ids.add(events.getFirst().get("id").asText());
            after = next(page);
            assertThat(after).isEqualTo(events.getFirst().get("id").asText());
        }
        assertThat(ids).doesNotHaveDuplicates();
        Reply end = client().get("/api/v1/event-log?types=state.changed&after=" + after);
        assertThat(events(end)).isEmpty();
        assertThat(Long.parseLong(next(end))).isGreaterThanOrEqualTo(Long.parseLong(after));
    }

    @Test
    void typesFilterByExactTypeAndByPrefix() {
        String start = next(client().get("/api/v1/event-log?limit=1000"));
        client().createKey("flo", "user");
        patchState("{\"filtered\":true}");

        assertThat(events(client().get("/api/v1/event-log?types=keys.*&after=" + start)))
                .extracting(e -> e.get("type").asText())
                .containsOnly("keys.created");
        assertThat(events(client().get("/api/v1/event-log?types=state.changed,agents.*&after=" + start)))
                .extracting(e -> e.get("type").asText())
                .containsOnly("state.changed");
    }

    @Test
    void anotherKeySeesSharedEventsWithoutTheirActorAndOnlyItsOwnPrivateOnes() {
        String start = next(client().get("/api/v1/event-log?limit=1000"));
        String gus = client().createKey("gus", "user");
        String gusId = client().get("/api/v1/me", gus).json().get("id").asText();
        client().createKey("hal", "user");
        patchState("{\"seenBy\":\"gus\"}");
        Reply ran = client().postJson("/api/v1/commands", "{\"text\":\"!help\"}", gus);
        assertThat(ran.status()).as(ran.body()).isEqualTo(200);
        Await.until(
                "the command run is written to the event log",
                () -> find(events(client().get("/api/v1/event-log?after=" + start)), "commands.run") != null);

        List<JsonNode> seen = events(client().get("/api/v1/event-log?after=" + start, gus));
        assertThat(seen).extracting(e -> e.get("type").asText()).contains("state.changed", "commands.run");
        assertThat(seen).extracting(e -> e.get("type").asText()).doesNotContain("keys.created");
        assertThat(find(seen, "state.changed").get("actor").isNull()).isTrue();
        assertThat(find(seen, "commands.run").get("actor").asText()).isEqualTo(gusId);
        assertThat(find(seen, "commands.run").get("data").get("command").asText())
                .isEqualTo("help");
    }

    @Test
    void theLogIsMeasuredAndItsReaderIsPartOfReadiness() {
        patchState("{\"measured\":true}");
        String metrics = client().get("/metrics").body();
        assertThat(metrics)
                .contains("helix_events_written_total{type=\"state.changed\"}")
                .contains("helix_events_published_total")
                .contains("helix_events_reader_lag");
        Reply ready = client().get("/health/ready");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json().get("checks").get("eventLog").get("status").asText())
                .isEqualTo("UP");
    }

    @Test
    void badParametersAreRefusedNamingTheParameter() {
        assertBad("after=-1", "after");
        assertBad("after=abc", "after");
        assertBad("limit=0", "limit");
        assertBad("limit=1001", "limit");
        assertBad("types=State!", "types");
        assertBad("types=", "types");
        assertBad("since=1", "since");
        assertThat(client().get("/api/v1/event-log").status()).isEqualTo(200);
        assertThat(client().get("/api/v1/event-log", "hx_not-a-key").status()).isEqualTo(401);
    }

    private void assertBad(String query, String parameter) {
        Reply r = client().get("/api/v1/event-log?" + query);
        assertThat(r.status()).as(query).isEqualTo(400);
        assertThat(r.json().get("detail").asText()).as(query).contains(parameter);
    }

    private void patchState(String patch) {
        Reply r = client().send(
                        "PATCH",
                        "/api/v1/state",
                        client().adminKey(),
                        "application/merge-patch+json",
                        patch,
                        "If-Match",
                        "*");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    private static String next(Reply page) {
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        return page.json().get("next").asText();
    }

    private static List<JsonNode> events(Reply page) {
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        List<JsonNode> events = new ArrayList<>();
        page.json().get("events").forEach(events::add);
        return events;
    }

    private static JsonNode find(List<JsonNode> events, String type) {
        return events.stream()
                .filter(e -> e.get("type").asText().equals(type))
                .findFirst()
                .orElse(null);
    }
}
