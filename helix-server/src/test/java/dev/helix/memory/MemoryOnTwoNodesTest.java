package dev.helix.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helix.testing.Await;
import dev.helix.testing.HelixClient;
import dev.helix.testing.HelixClient.Reply;
import dev.helix.testing.TwoNodes;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two nodes on one PostgreSQL database keep their retrieval indexes in step: what one node adds, changes, ends,
 * deletes or forgets, the other node's search gives (or stops giving) once it has read the change from the shared
 * event log.
 */
@Timeout(120)
class MemoryOnTwoNodesTest {
    private static Reply send(HelixClient c, String method, String path, String key, String body) {
        return c.send(method, path, key, body == null ? null : "application/json", body, "X-Helix-User", "alice");
    }

    private static List<String> search(HelixClient c, String key, String q) {
        Reply r = send(c, "GET", MemoryApi.SEARCH + "?q=" + q, key, null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<String> texts = new ArrayList<>();
        r.json().get("data").forEach(m -> texts.add(m.get("text").asText()));
        return texts;
    }

    @Test
    void eachNodeSearchesWhatTheOtherChanged() throws Exception {
        try (TwoNodes nodes = TwoNodes.start()) {
            HelixClient a = nodes.clientA();
            HelixClient b = nodes.clientB();
            String key = a.createKey("app", "user");

            Reply added = send(a, "POST", MemoryApi.MEMORY, key, "{\"text\":\"Alice keeps bees\"}");
            assertThat(added.status()).as(added.body()).isEqualTo(201);
            String id = added.json().get("id").asText();
            Await.until(() -> search(b, key, "bees"), l -> l.equals(List.of("Alice keeps bees")));

            send(a, "PATCH", MemoryApi.MEMORY + "/" + id, key, "{\"text\":\"Alice keeps bees and goats\"}");
            Await.until(() -> search(b, key, "goats"), l -> l.equals(List.of("Alice keeps bees and goats")));

            send(b, "PATCH", MemoryApi.MEMORY + "/" + id, key, "{\"validTo\":\"2000-01-01T00:00:00Z\"}");
            Await.until(() -> search(a, key, "bees"), List::isEmpty);

            String second = send(b, "POST", MemoryApi.MEMORY, key, "{\"text\":\"Alice sells honey\"}")
                    .json()
                    .get("id")
                    .asText();
            Await.until(() -> search(a, key, "honey"), l -> l.size() == 1);
            assertThat(send(a, "DELETE", MemoryApi.MEMORY + "/" + second, key, null)
                            .status())
                    .isEqualTo(200);
            Await.until(() -> search(b, key, "honey"), List::isEmpty);

            send(a, "POST", MemoryApi.MEMORY, key, "{\"text\":\"Alice grows lavender\"}");
            Await.until(() -> search(b, key, "lavender"), l -> l.size() == 1);
            assertThat(send(b, "DELETE", MemoryApi.MEMORY + "?all=true", key, null)
                            .status())
                    .isEqualTo(200);
            Await.until(() -> search(a, key, "lavender"), List::isEmpty);
        }
    }
}
