package dev.helix.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.testing.HelixClient;
import dev.helix.testing.HelixClient.Reply;
import dev.helix.testing.HelixServerExtension;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class KeysApiTest {
    @RegisterExtension
    static HelixServerExtension server = new HelixServerExtension();

    private final HelixClient client = server().client();

    /** The server under test; a subclass runs the same tests on PostgreSQL. */
    protected HelixServerExtension server() {
        return server;
    }

    @Test
    void adminsCreateKeysThatWorkOnceShown() {
        Reply created = client.postJson("/api/v1/keys", "{\"name\":\"alice\",\"role\":\"user\"}");
        assertThat(created.status()).isEqualTo(201);
        JsonNode body = created.json();
        String id = body.get("id").asText();
        String secret = body.get("key").asText();
        assertThat(created.header("Location")).isEqualTo("/api/v1/keys/" + id);
        assertThat(created.header("Cache-Control")).isEqualTo("no-store");
        assertThat(body.get("role").asText()).isEqualTo("user");
        assertThat(secret).startsWith("hx_");

        JsonNode me = client.get("/api/v1/me", secret).json();
        assertThat(me.get("id").asText()).isEqualTo(id);
        assertThat(me.get("name").asText()).isEqualTo("alice");
        assertThat(me.has("key")).isFalse();

        Reply listed = client.get("/api/v1/keys");
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.body()).contains(id).doesNotContain(secret);
        assertThat(client.get("/api/v1/keys/" + id).json().get("prefix").asText())
                .isEqualTo(secret.substring(0, 10));
    }

    @Test
    void aRoleGivenTwiceIsRefusedRatherThanTheLastOneWinning() {
        int before = client.get("/api/v1/keys").json().get("data").size();
        Reply twice = client.postJson("/api/v1/keys", "{\"name\":\"mallory\",\"role\":\"user\",\"role\":\"admin\"}");
        assertThat(twice.status()).isEqualTo(400);
        assertThat(twice.json().get("detail").asText())
                .isEqualTo("member 'role' appears twice at line 1, "
                        + "column 39; a member may appear only once in an object");
        assertThat(client.get("/api/v1/keys").json().get("data")).hasSize(before);
    }

    @Test
    void rolesAndPeriodsAreExact() {
        for (String role : List.of("ADMIN", "admin ", "Admin", " user")) {
            Reply r = client.postJson("/api/v1/keys", "{\"name\":\"x\",\"role\":\"" + role + "\"}");
            assertThat(r.status()).as(role).isEqualTo(400);
            assertThat(r.json().get("detail").asText()).contains("role must be 'admin' or 'user', not '" + role + "'");
        }
        Reply period = client.postJson("/api/v1/keys", "{\"name\":\"x\",\"budgetUsd\":5,\"period\":\"Month\"}");
        assertThat(period.status()).isEqualTo(400);
        assertThat(period.json().get("detail").asText()).contains("period must be 'day' or 'month', not 'Month'");
    }

    @Test
    void roleDefaultsToUserAndIsValidated() {
        assertThat(client.postJson("/api/v1/keys", "{\"name\":\"bob\"}")
                        .json()
                        .get("role")
                        .asText())
                .isEqualTo("user");
        Reply bad = client.postJson("/api/v1/keys", "{\"name\":\"bob\",\"role\":\"root\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("detail").asText()).contains("role must be 'admin' or 'user', not 'root'");
        Reply noName = client.postJson("/api/v1/keys", "{\"role\":\"user\"}");
        assertThat(noName.status()).isEqualTo(400);
        assertThat(noName.json().get("detail").asText()).contains("name is required");
    }

    @Test
    void revokedKeysStopWorkingAtOnce() {
        JsonNode created =
                client.postJson("/api/v1/keys", "{\"name\":\"temp\"}").json();
        String secret = created.get("key").asText();
        assertThat(client.get("/api/v1/me", secret).status()).isEqualTo(200);
        Reply revoked = client.delete("/api/v1/keys/" + created.get("id").asText(), client.adminKey());
        assertThat(revoked.status()).isEqualTo(200);
        assertThat(revoked.json().get("revokedAt").isNull()).isFalse();
        assertThat(client.get("/api/v1/me", secret).status()).isEqualTo(401);
    }

    @Test
    void unknownIdsAre404AndTheLastAdminIsKept() {
        Reply missing = client.delete("/api/v1/keys/key_missing", client.adminKey());
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().get("detail").asText()).isEqualTo("no API key has id 'key_missing'");
        String adminId = client.get("/api/v1/me").json().get("id").asText();
        Reply last = client.delete("/api/v1/keys/" + adminId, client.adminKey());
        assertThat(last.status()).isEqualTo(409);
        assertThat(last.json().get("detail").asText()).contains("last active admin key");
    }

    @Test
    void parallelCreatesAllLandWithDistinctKeys() {
        List<CompletableFuture<Reply>> calls = IntStream.range(0, 24)
                .mapToObj(i -> CompletableFuture.supplyAsync(
                        () -> client.postJson("/api/v1/keys", "{\"name\":\"parallel-" + i + "\"}")))
                .toList();
        List<Reply> replies = calls.stream().map(CompletableFuture::join).toList();
        assertThat(replies).allSatisfy(r -> assertThat(r.status()).isEqualTo(201));
        Set<String> ids = replies.stream().map(r -> r.json().get("id").asText()).collect(Collectors.toSet());
        Set<String> secrets =
                replies.stream().map(r -> r.json().get("key").asText()).collect(Collectors.toSet());
        assertThat(ids).hasSize(24);
        assertThat(secrets).hasSize(24);
        String listed = client.get("/api/v1/keys").body();
        assertThat(ids).allSatisfy(id -> assertThat(listed).contains(id));
    }

    @Test
    void usersSeeThemselvesButNotOthers() {
        String user = client.postJson("/api/v1/keys", "{\"name\":\"carol\"}")
                .json()
                .get("key")
                .asText();
        assertThat(client.get("/api/v1/me", user).status()).isEqualTo(200);
        assertThat(client.get("/api/v1/keys", user).status()).isEqualTo(403);
        assertThat(client.postJson("/api/v1/keys", "{\"name\":\"x\"}", user).status())
                .isEqualTo(403);
    }

    @Test
    void keysCanBeCreatedWithLimitsWhichTheyShow() {
        Reply created =
                client.postJson("/api/v1/keys", "{\"name\":\"dora\",\"budgetUsd\":20,\"rpm\":60," + "\"tpm\":200000}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("limits").toString())
                .isEqualTo("{\"budgetUsd\":20.0,\"period\":\"month\",\"rpm\":60,\"tpm\":200000}");
        String id = created.json().get("id").asText();
        assertThat(client.get("/api/v1/keys/" + id).json().get("limits").toString())
                .isEqualTo("{\"budgetUsd\":20.0,\"period\":\"month\",\"rpm\":60,\"tpm\":200000}");
        JsonNode daily = client.postJson("/api/v1/keys", "{\"name\":\"eve\",\"budgetUsd\":0.5,\"period\":\"day\"}")
                .json();
        assertThat(daily.get("limits").toString()).isEqualTo("{\"budgetUsd\":0.5,\"period\":\"day\"}");
        JsonNode none = client.postJson("/api/v1/keys", "{\"name\":\"fred\"}").json();
        assertThat(none.get("limits").toString()).isEqualTo("{}");
        assertThat(client.get("/api/v1/me", none.get("key").asText())
                        .json()
                        .get("limits")
                        .toString())
                .isEqualTo("{}");
    }

    @Test
    void limitFieldsAreValidatedNamingTheField() {
        assertInvalid("{\"name\":\"x\",\"budgetUsd\":0}", "budgetUsd must be a number of US dollars greater than 0");
        assertInvalid("{\"name\":\"x\",\"budgetUsd\":-5}", "budgetUsd must be");
        assertInvalid("{\"name\":\"x\",\"budgetUsd\":1000000001}", "at most 1000000000");
        assertInvalid("{\"name\":\"x\",\"budgetUsd\":\"20\"}", "budgetUsd must be a number");
        assertInvalid("{\"name\":\"x\",\"period\":\"day\"}", "period needs a budget: give budgetUsd too");
        assertInvalid(
                "{\"name\":\"x\",\"budgetUsd\":1,\"period\":\"week\"}", "period must be 'day' or 'month', not 'week'");
        assertInvalid("{\"name\":\"x\",\"rpm\":0}", "rpm must be a whole number from 1 to 2147483647, not 0");
        assertInvalid("{\"name\":\"x\",\"rpm\":1.5}", "rpm must be a whole number");
        assertInvalid("{\"name\":\"x\",\"rpm\":\"60\"}", "rpm must be a whole number");
        assertInvalid("{\"name\":\"x\",\"tpm\":3000000000}", "tpm must be a whole number");
        assertInvalid("{\"name\":\"x\",\"budget\":20}", "unknown field 'budget'");
    }

    private void assertInvalid(String body, String detail) {
        Reply r = client.postJson("/api/v1/keys", body);
        assertThat(r.status()).as(body).isEqualTo(400);
        assertThat(r.json().get("detail").asText()).as(body).contains(detail);
    }

    @Test
    void adminsChangeLimitsWithPatch() {
        JsonNode created = client.postJson("/api/v1/keys", "{\"name\":\"gina\",\"rpm\":10}")
                .json();
        String path = "/api/v1/keys/" + created.get("id").asText();
        Reply budget = patch(path, "{\"budgetUsd\":5,\"period\":\"day\"}", client.adminKey());
        assertThat(budget.status()).isEqualTo(200);
        assertThat(budget.json().get("limits").toString())
                .isEqualTo("{\"budgetUsd\":5.0,\"period\":\"day\",\"rpm\":10}");
        assertThat(patch(path, "{\"budgetUsd\":7.5}", client.adminKey())
                        .json()
                        .get("limits")
                        .toString())
                .as("the period stays")
                .isEqualTo("{\"budgetUsd\":7.5,\"period\":\"day\",\"rpm\":10}");
        assertThat(patch(path, "{\"rpm\":null,\"tpm\":1000}", client.adminKey())
                        .json()
                        .get("limits")
                        .toString())
                .isEqualTo("{\"budgetUsd\":7.5,\"period\":\"day\",\"tpm\":1000}");
        assertThat(patch(path, "{\"budgetUsd\":null}", client.adminKey())
                        .json()
                        .get("limits")
                        .toString())
                .as("the period goes with the budget")
                .isEqualTo("{\"tpm\":1000}");
        assertThat(patch(path, "{}", client.adminKey()).json().get("limits").toString())
                .isEqualTo("{\"tpm\":1000}");
        assertThat(client.get(path).json().get("limits").toString()).isEqualTo("{\"tpm\":1000}");

        Reply periodOnly = patch(path, "{\"period\":\"month\"}", client.adminKey());
        assertThat(periodOnly.status()).isEqualTo(400);
        assertThat(periodOnly.json().get("detail").asText()).contains("period needs a budget");
        assertThat(patch(path, "{\"tpm\":0}", client.adminKey()).status()).isEqualTo(400);
        assertThat(patch(path, "{\"name\":\"new\"}", client.adminKey())
                        .json()
                        .get("detail")
                        .asText())
                .contains("unknown field 'name'");
        assertThat(patch("/api/v1/keys/key_missing", "{\"rpm\":1}", client.adminKey())
                        .status())
                .isEqualTo(404);
        String user = created.path("key").asText();
        assertThat(patch(path, "{\"rpm\":1000}", user).status()).isEqualTo(403);
    }

    private Reply patch(String path, String body, String key) {
        return client.send("PATCH", path, key, "application/json", body);
    }
}
