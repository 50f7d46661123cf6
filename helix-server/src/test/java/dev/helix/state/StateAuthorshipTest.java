package dev.helix.state;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.access.Role;
import dev.helix.bus.Event;
import dev.helix.testing.HelixClient;
import dev.helix.testing.HelixClient.Reply;
import dev.helix.testing.HelixServerExtension;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Who wrote a version of the shared state is private: admins see every author, other keys only themselves. */
class StateAuthorshipTest {
    private static final String MERGE = "application/merge-patch+json";

    @RegisterExtension
    static HelixServerExtension server = new HelixServerExtension()
            .config(c -> c.toBuilder().state(s -> s.writeRole(Role.USER)).build());

    private final HelixClient client = server.client();

    private record Key(String id, String secret) {}

    private Key createKey(String name) {
        JsonNode created = client.postJson("/api/v1/keys", "{\"name\":\"" + name + "\",\"role\":\"user\"}")
                .json();
        return new Key(created.get("id").asText(), created.get("key").asText());
    }

    private Reply patch(String key, String body) {
        Reply reply = client.send("PATCH", "/api/v1/state", key, MERGE, body, "If-Match", "*");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply;
    }

    private long write(String key, String body) {
        return patch(key, body).json().get("version").asLong();
    }

    /** The entry of {@code version} in the history as {@code key} sees it. */
    private JsonNode entry(String key, long version) {
        for (JsonNode v : client.get("/api/v1/state/history", key).json().get("data")) {
            if (v.get("version").asLong() == version) {
                return v;
            }
        }
        throw new AssertionError("version " + version + " is not in the history");
    }

    private static void assertAnonymous(JsonNode version, String role, String via) {
        assertThat(version.has("author")).as(version.toString()).isFalse();
        assertThat(version.has("keyId")).as(version.toString()).isFalse();
        assertThat(version.get("role").asText()).isEqualTo(role);
        assertThat(version.get("via").asText()).isEqualTo(via);
    }

    @Test
    void theHistoryShowsAnAuthorOnlyToAdminsAndToTheAuthorItself() {
        Key ann = createKey("ann");
        Key bob = createKey("bob");
        long byAdmin = write(client.adminKey(), "{\"a\":1}");
        long byAnn = write(ann.secret(), "{\"b\":2}");

        JsonNode adminSeesAnn = entry(client.adminKey(), byAnn);
        assertThat(adminSeesAnn.get("author").asText()).isEqualTo("ann");
        assertThat(adminSeesAnn.get("keyId").asText()).isEqualTo(ann.id());
        assertThat(adminSeesAnn.get("role").asText()).isEqualTo("user");
        assertThat(entry(client.adminKey(), byAdmin).get("author").asText()).startsWith("admin");
        assertThat(entry(client.adminKey(), byAdmin).has("keyId")).isTrue();

        JsonNode annSeesHerself = entry(ann.secret(), byAnn);
        assertThat(annSeesHerself.get("author").asText()).isEqualTo("ann");
        assertThat(annSeesHerself.get("keyId").asText()).isEqualTo(ann.id());
        assertAnonymous(entry(ann.secret(), byAdmin), "admin", "api");
        assertAnonymous(entry(bob.secret(), byAnn), "user", "api");
    }

    @Test
    void aVersionReadByNumberShowsItsAuthorOnlyToAdminsAndToTheAuthorItself() {
        Key cat = createKey("cat");
        Key dan = createKey("dan");
        long byCat = write(cat.secret(), "{\"c\":3}");

        Reply seenByDan = client.get("/api/v1/state/versions/" + byCat, dan.secret());
        assertAnonymous(seenByDan.json(), "user", "api");
        assertThat(seenByDan.json().get("document").get("c").asInt()).isEqualTo(3);
        assertThat(client.get("/api/v1/state/versions/" + byCat, cat.secret())
                        .json()
                        .get("author")
                        .asText())
                .isEqualTo("cat");
        assertThat(client.get("/api/v1/state/versions/" + byCat)
                        .json()
                        .get("keyId")
                        .asText())
                .isEqualTo(cat.id());
    }

    @Test
    void aWriteThatChangesNothingAnswersWithTheLastVersionAsTheCallerMaySeeIt() {
        Key eve = createKey("eve");
        long byAdmin = write(client.adminKey(), "{\"same\":true}");

        JsonNode unchanged = patch(eve.secret(), "{\"same\":true}").json();
        assertThat(unchanged.get("version").asLong()).isEqualTo(byAdmin);
        assertAnonymous(unchanged, "admin", "api");
    }

    @Test
    void theChangeEventGivesTheRoleAndHowTheChangeCameButNeverTheKey() throws InterruptedException {
        Key fay = createKey("fay");
        BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        var sub = server.helix().bus().subscribe("authorship", SharedState.CHANGED, events::add);
        try {
            write(client.adminKey(), "{\"d\":4}");
            Reply command = client.postJson("/api/v1/commands", "{\"text\":\"!state set /e 5\"}", fay.secret());
            assertThat(command.status()).as(command.body()).isEqualTo(200);

            Event byAdmin = events.poll(5, TimeUnit.SECONDS);
            Event byFay = events.poll(5, TimeUnit.SECONDS);
            assertThat(byAdmin.data())
                    .doesNotContainKeys("author", "keyId")
                    .containsEntry("role", "admin")
                    .containsEntry("via", "api");
            assertThat(byFay.data())
                    .doesNotContainKeys("author", "keyId")
                    .containsEntry("role", "user")
                    .containsEntry("via", "command");
        } finally {
            sub.close();
        }
    }
}
