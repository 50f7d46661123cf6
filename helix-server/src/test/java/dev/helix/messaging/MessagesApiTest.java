package dev.helix.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.testing.HelixClient;
import dev.helix.testing.HelixClient.Reply;
import dev.helix.testing.HelixServerExtension;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The messages API end to end: post, take with a long poll, acknowledge, release, answer, request, !send. */
@Timeout(60)
class MessagesApiTest {
    private static final String JSON = "application/json";

    @RegisterExtension
    static HelixServerExtension server = new HelixServerExtension();

    private final HelixClient client = server().client();
    private String userKey;

    /** The server under test; a subclass runs the same tests on PostgreSQL. */
    protected HelixServerExtension server() {
        return server;
    }

    @BeforeEach
    void emptyTheMailboxes() {
        userKey = client.createKey("agent-runner", "user");
        for (String agent : new String[] {"coder", "critic", "coordinator", "researcher"}) {
            JsonNode taken;
            while (!(taken = take(agent, "max=100", userKey).json().get("data")).isEmpty()) {
                taken.forEach(m -> ack(agent, m.get("id").asText()));
            }
        }
    }

    private Reply post(String agent, String body, String key) {
        return client.send("POST", "/api/v1/agents/" + agent + "/messages", key, JSON, body);
    }

    private Reply take(String agent, String query, String key) {
        return client.get("/api/v1/agents/" + agent + "/messages?" + query, key);
    }

    private Reply ack(String agent, String id) {
        return client.send("POST", "/api/v1/agents/" + agent + "/messages/" + id + "/ack", userKey, null, null);
    }

    @Test
    void aMessagePostedWithOneKeyIsTakenAndAcknowledgedWithAnother() {
        Reply posted = post(
                "coder",
                "{\"priority\":\"high\",\"type\":\"task\",\"data\":{\"goal\":\"fix\"},\"replyTo\":\"critic\","
                        + "\"ttl\":\"10m\"}",
                client.adminKey());
        assertThat(posted.status()).as(posted.body()).isEqualTo(202);
        String id = posted.json().get("id").asText();
        assertThat(id).startsWith("msg_");

        Reply taken = take("coder", "max=10", userKey);
        assertThat(taken.status()).isEqualTo(200);
        JsonNode m = taken.json().get("data").get(0);
        assertThat(m.get("id").asText()).isEqualTo(id);
        assertThat(m.get("priority").asText()).isEqualTo("high");
        assertThat(m.get("type").asText()).isEqualTo("task");
        assertThat(m.get("data").toString()).isEqualTo("{\"goal\":\"fix\"}");
        assertThat(m.get("replyTo").asText()).isEqualTo("critic");
        assertThat(m.get("sender").asText())
                .isEqualTo(client.get("/api/v1/me").json().get("id").asText());
        assertThat(m.get("deliveryCount").asInt()).isEqualTo(1);
        assertThat(m.has("visibleUntil")).isTrue();

        assertThat(ack("coder", id).status()).isEqualTo(204);
        assertThat(ack("coder", id).status()).as("again").isEqualTo(204);
        assertThat(ack("coder", "msg_unknown").status()).isEqualTo(404);
    }

    private Reply postOnce(String agent, String body, String key, String idempotencyKey) {
        return client.send(
                "POST", "/api/v1/agents/" + agent + "/messages", key, JSON, body, "Idempotency-Key", idempotencyKey);
    }

    @Test
    void aPostMadeAgainWithItsIdempotencyKeyGetsTheSameMessageWhichIsDeliveredOnce() {
        String body = "{\"type\":\"task\",\"data\":{\"order\":42}}";
        Reply first = postOnce("coder", body, userKey, "order-42");
        assertThat(first.status()).as(first.body()).isEqualTo(202);
        assertThat(first.header("Idempotent-Replayed")).isNull();
        String id = first.json().get("id").asText();

        Reply again = postOnce("coder", body, userKey, "order-42");
        assertThat(again.status()).as(again.body()).isEqualTo(202);
        assertThat(again.json().get("id").asText()).isEqualTo(id);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        JsonNode taken = take("coder", "max=10", userKey).json().get("data");
        assertThat(taken.findValuesAsText("id")).containsExactly(id);
        ack("coder", id);
        assertThat(postOnce("coder", body, userKey, "order-42").json().get("id").asText())
                .as("after it was taken and acknowledged")
                .isEqualTo(id);
        assertThat(take("coder", "max=10", userKey).json().get("data")).isEmpty();

        Reply otherKey = postOnce("coder", body, client.adminKey(), "order-42");
        assertThat(otherKey.json().get("id").asText())
                .as("another API key's keys are its own")
                .isNotEqualTo(id);
        ack("coder", take("coder", "max=10", userKey).json().at("/data/0/id").asText());

        Reply reused = postOnce("coder", "{\"type\":\"task\",\"data\":{\"order\":43}}", userKey, "order-42");
        assertThat(reused.status()).as(reused.body()).isEqualTo(422);
        assertThat(reused.json().get("type").asText()).endsWith("idempotency-key-reused");
        assertThat(reused.json().get("detail").asText()).contains("order-42").contains(id);
        assertThat(postOnce("coder", body, userKey, "has space").status()).isEqualTo(400);
        Reply tooLong = postOnce("coder", body, userKey, "k".repeat(256));
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.json().get("detail").asText()).contains("1 to 255 characters");
        assertThat(take("coder", "max=10", userKey).json().get("data")).isEmpty();
    }

    @Test
    void postsWithOneIdempotencyKeyAtOnceMakeOneMessage() {
        String body = "{\"type\":\"task\"}";
        List<CompletableFuture<Reply>> posts = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            posts.add(CompletableFuture.supplyAsync(() -> postOnce("critic", body, userKey, "together")));
        }
        Set<String> ids = new HashSet<>();
        for (CompletableFuture<Reply> p : posts) {
            Reply r = p.join();
            assertThat(r.status()).as(r.body()).isEqualTo(202);
            ids.add(r.json().get("id").asText());
        }
        assertThat(ids).hasSize(1);
        assertThat(take("critic", "max=10", userKey).json().get("data").findValuesAsText("id"))
                .containsExactlyElementsOf(ids);
    }

    @Test
    void aReleasedMessageIsTakenAgainWithItsDeliveryCountUp() {
        String id = post("critic", "{\"type\":\"review\"}", userKey)
                .json()
                .get("id")
                .asText();
        take("critic", "", userKey);
        Reply released = client.send("POST", "/api/v1/agents/critic/messages/" + id + "/nack", userKey, null, null);
        assertThat(released.status()).isEqualTo(204);

        JsonNode again = take("critic", "", userKey).json().get("data").get(0);
        assertThat(again.get("deliveryCount").asInt()).isEqualTo(2);
        assertThat(again.get("data").toString()).isEqualTo("{}");
        assertThat(ack("critic", id).status()).isEqualTo(204);
        Reply acked = client.send("POST", "/api/v1/agents/critic/messages/" + id + "/nack", userKey, null, null);
        assertThat(acked.status()).isEqualTo(409);
        assertThat(acked.json().get("detail").asText()).contains("is not taken (it is acked)");
    }

    @Test
    void anUnknownAgentIsNotFound() {
        assertThat(post("nobody", "{\"type\":\"task\"}", userKey).status()).isEqualTo(404);
        Reply taken = take("nobody", "", userKey);
        assertThat(taken.status()).isEqualTo(404);
        assertThat(taken.json().get("detail").asText()).isEqualTo("no agent has id 'nobody'");
    }

    @Test
    void aBadBodyIsRefusedNamingTheMember() {
        assertRefused("{\"type\":\"task\",\"urgent\":true}", 400, "unknown member 'urgent'");
        assertRefused("{\"type\":\"task\",\"priority\":5}", 400, "'priority' must be a string, not number");
        assertRefused("{\"type\":\"task\",\"priority\":\"urgent\"}", 400, "priority must be one of high, normal, low");
        assertRefused("{\"data\":{}}", 400, "'type' is required");
        assertRefused("{\"type\":\"no spaces\"}", 400, "'type' must be 1 to 100 letters");
        assertRefused("{\"type\":\"task\",\"ttl\":\"forever\"}", 400, "'ttl' must be a duration");
        assertRefused("{\"type\":\"task\",\"ttl\":\"8000h\"}", 400, "'ttl' must be from 1s to 168h");
        assertRefused("{\"type\":\"task\",\"replyTo\":\"nobody\"}", 400, "'replyTo' names no agent");
        assertRefused("[1]", 400, "must be a JSON object");
        String big = "x".repeat(70_000);
        assertRefused("{\"type\":\"task\",\"data\":\"" + big + "\"}", 413, "'data' is 70002 bytes");
    }

    private void assertRefused(String body, int status, String detail) {
        Reply r = post("coder", body, userKey);
        assertThat(r.status()).as(body).isEqualTo(status);
        assertThat(r.json().get("detail").asText()).as(body).contains(detail);
    }

    @Test
    void badTakeParametersAreRefused() {
        assertThat(take("coder", "max=0", userKey).status()).isEqualTo(400);
        assertThat(take("coder", "max=101", userKey).status()).isEqualTo(400);
        Reply tooLong = take("coder", "wait=2m", userKey);
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.json().get("detail").asText()).isEqualTo("'wait' must be from 0s to 1m, not 2m");
    }

    @Test
    void aLongPollReturnsAsSoonAsAMessageIsPosted() {
        CompletableFuture<Reply> polling = CompletableFuture.supplyAsync(() -> take("researcher", "wait=30s", userKey));
        sleep(200);
        assertThat(polling).isNotDone();
        post("researcher", "{\"type\":\"find\",\"data\":{\"q\":\"sources\"}}", userKey);

        Reply got = polling.join();
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.json().get("data").get(0).get("type").asText()).isEqualTo("find");
    }

    @Test
    void aRequestWaitsForTheAnswerToItsMessage() {
        CompletableFuture<Reply> asking = CompletableFuture.supplyAsync(() -> client.send(
                "POST",
                "/api/v1/agents/critic/requests?wait=30s",
                userKey,
                JSON,
                "{\"type\":\"review\",\"data\":{\"text\":\"draft\"}}"));
        JsonNode asked = take("critic", "wait=30s", userKey).json().get("data").get(0);
        Reply answered = client.send(
                "POST",
                "/api/v1/agents/critic/messages/" + asked.get("id").asText() + "/reply",
                userKey,
                JSON,
                "{\"type\":\"review.done\",\"data\":{\"verdict\":\"ok\"}}");
        assertThat(answered.status()).as(answered.body()).isEqualTo(202);

        Reply exchange = asking.join();
        assertThat(exchange.status()).as(exchange.body()).isEqualTo(200);
        assertThat(exchange.json().get("request").asText())
                .isEqualTo(asked.get("id").asText());
        assertThat(exchange.json().at("/reply/data/verdict").asText()).isEqualTo("ok");
        assertThat(exchange.json().at("/reply/inReplyTo").asText())
                .isEqualTo(asked.get("id").asText());
        assertThat(ack("critic", asked.get("id").asText()).status())
                .as("answering acknowledged it")
                .isEqualTo(204);
    }

    @Test
    void aRequestWithoutAnAnswerIsAGatewayTimeout() {
        Reply r = client.send("POST", "/api/v1/agents/critic/requests?wait=200ms", userKey, JSON, "{\"type\":\"q\"}");
        assertThat(r.status()).isEqualTo(504);
        assertThat(r.json().get("detail").asText())
                .startsWith("no reply to message msg_")
                .endsWith("within 200ms; a later reply is dropped");
    }

    @Test
    void sendPostsANormalMessageAsTheCallingKey() {
        Reply ran = client.send(
                "POST", "/api/v1/commands", userKey, JSON, "{\"text\":\"!send coordinator plan ship it today\"}");
        assertThat(ran.status()).as(ran.body()).isEqualTo(200);
        assertThat(ran.json().at("/result/agent").asText()).isEqualTo("coordinator");

        JsonNode m = take("coordinator", "", userKey).json().get("data").get(0);
        assertThat(m.get("id").asText()).isEqualTo(ran.json().at("/result/id").asText());
        assertThat(m.get("type").asText()).isEqualTo("plan");
        assertThat(m.get("priority").asText()).isEqualTo("normal");
        assertThat(m.get("data").toString()).isEqualTo("{\"text\":\"ship it today\"}");
        assertThat(m.get("sender").asText())
                .isEqualTo(client.get("/api/v1/me", userKey).json().get("id").asText());
        Reply unknown = client.send("POST", "/api/v1/commands", userKey, JSON, "{\"text\":\"!send nobody plan\"}");
        assertThat(unknown.status()).isEqualTo(404);
    }

    @Test
    void theMetricsCountMessages() {
        post("coder", "{\"type\":\"task\",\"priority\":\"low\"}", userKey);
        String metrics = client.get("/metrics").body();
        assertThat(metrics)
                .contains("helix_messaging_posted_total{priority=\"low\"}")
                .contains("helix_messaging_taken_total")
                .contains("helix_messaging_acked_total")
                .contains("helix_messaging_redelivered_total")
                .contains("helix_messaging_expired_total");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
