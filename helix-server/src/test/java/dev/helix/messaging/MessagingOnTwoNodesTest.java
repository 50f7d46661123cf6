package dev.helix.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.testing.Await;
import dev.helix.testing.HelixClient;
import dev.helix.testing.TwoNodes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Two Helix nodes on one PostgreSQL database share the mailboxes: each message is taken once, on either node. */
@Timeout(120)
class MessagingOnTwoNodesTest {
    private static final String JSON = "application/json";

    @Test
    void messagesPostedOnOneNodeAreTakenExactlyOnceByTakersOnBoth() throws Exception {
        try (TwoNodes nodes = TwoNodes.start()) {
            HelixClient clientA = nodes.clientA();
            HelixClient clientB = nodes.clientB();

            CompletableFuture<HelixClient.Reply> waitingOnB =
                    CompletableFuture.supplyAsync(() -> clientB.get("/api/v1/agents/critic/messages?wait=30s"));
            Await.until(
                    "the long poll waits on B",
                    () -> clientB.get("/metrics").body().contains("helix_messaging_waiting 1.0"));
            String first = post(clientA, "critic", 0);
            assertThat(waitingOnB.join().json().at("/data/0/id").asText())
                    .as("a long poll on B sees a post on A")
                    .isEqualTo(first);

            int count = 200;
            for (int i = 0; i < count; i++) {
                post(i % 2 == 0 ? clientA : clientB, "coder", i);
            }
            ConcurrentLinkedQueue<String> taken = new ConcurrentLinkedQueue<>();
            List<CompletableFuture<Void>> takers = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                HelixClient client = t % 2 == 0 ? clientA : clientB;
                takers.add(CompletableFuture.runAsync(() -> takeAll(client, taken)));
            }
            takers.forEach(CompletableFuture::join);

            assertThat(taken).hasSize(count).doesNotHaveDuplicates();
        }
    }

    private static String post(HelixClient client, String agent, int n) {
        HelixClient.Reply r = client.send(
                "POST", "/api/v1/agents/" + agent + "/messages", client.adminKey(), JSON, "{\"type\":\"t" + n + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        return r.json().get("id").asText();
    }

    private static void takeAll(HelixClient client, ConcurrentLinkedQueue<String> taken) {
        JsonNode data;
        while (!(data = client.get("/api/v1/agents/coder/messages?max=5").json().get("data")).isEmpty()) {
            data.forEach(m -> taken.add(m.get("id").asText()));
        }
    }
}
