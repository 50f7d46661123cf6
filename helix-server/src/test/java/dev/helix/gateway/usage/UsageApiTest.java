package dev.helix.gateway.usage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.auth.BudgetPeriod;
import dev.helix.gateway.provider.Usage;
import dev.helix.internal.Json;
import dev.helix.testing.HelixClient;
import dev.helix.testing.HelixClient.Reply;
import dev.helix.testing.HelixServerExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code GET /api/v1/usage} end to end: records made through the server's accounting, read over HTTP. */
class UsageApiTest {
    @RegisterExtension
    static HelixServerExtension server = new HelixServerExtension();

    private final HelixClient client = server().client();
    private final Instant at = Instant.now().minusSeconds(1);

    /** The server under test; a subclass runs the same tests on PostgreSQL. */
    protected HelixServerExtension server() {
        return server;
    }

    private record Key(String id, String secret) {}

    private Key createKey(String name) {
        JsonNode created =
                client.postJson("/api/v1/keys", "{\"name\":\"" + name + "\"}").json();
        return new Key(created.get("id").asText(), created.get("key").asText());
    }

    private void record(
            String keyId, String model, String provider, String deployment, double cost, int status, boolean cacheHit) {
        server().helix()
                .accounting()
                .record(new UsageRecord(
                                at,
                                "req",
                                keyId,
                                model,
                                provider,
                                deployment,
                                new Usage(100, 40, 30, 10),
                                cost,
                                250,
                                status,
                                cacheHit,
                                cacheHit ? 0 : 1)
                        .withFailedAnswers(status >= 500 ? 1 : 0));
    }

    private void refuse(String keyId, String model, Refusal refusal, int status) {
        server().helix().accounting().record(UsageRecord.refused(at, "req", keyId, model, refusal, status, 2));
    }

    private static String range() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        return "from=" + today.minusDays(1) + "&to=" + today.plusDays(1);
    }

    private static List<String> groups(JsonNode report) {
        List<String> groups = new ArrayList<>();
        report.get("rows")
                .forEach(r -> groups.add(
                        r.get("group").isNull() ? null : r.get("group").asText()));
        return groups;
    }

    @Test
    void adminsGetUsageGroupedByModelKeyProviderDeploymentOrDay() {
        Key alice = createKey("alice");
        record(alice.id(), "gpt-4o", "openai", "openai-eu", 0.01, 200, true);
        record(alice.id(), "gpt-4o", "openai", "openai-us", 0.02, 500, false);
        record(alice.id(), "claude-sonnet", "anthropic", null, 0.5, 200, false);

        Reply byModel = client.get("/api/v1/usage?" + range() + "&groupBy=model&keyId=" + alice.id());
        assertThat(byModel.status()).isEqualTo(200);
        JsonNode report = byModel.json();
        assertThat(report.get("groupBy").asText()).isEqualTo("model");
        assertThat(report.get("keyId").asText()).isEqualTo(alice.id());
        assertThat(report.get("from").asText())
                .isEqualTo(LocalDate.now(ZoneOffset.UTC).minusDays(1) + "T00:00:00Z");
        assertThat(groups(report)).containsExactly("claude-sonnet", "gpt-4o");
        JsonNode gpt = report.get("rows").get(1);
        assertThat(gpt.get("requests").asLong()).isEqualTo(2);
        assertThat(gpt.get("promptTokens").asLong()).isEqualTo(200);
        assertThat(gpt.get("completionTokens").asLong()).isEqualTo(80);
        assertThat(gpt.get("cachedTokens").asLong()).isEqualTo(60);
        assertThat(gpt.get("reasoningTokens").asLong()).isEqualTo(20);
        assertThat(gpt.get("costUsd").asDouble()).isEqualTo(0.03);
        assertThat(gpt.get("cacheHits").asLong()).isEqualTo(1);
        assertThat(gpt.get("errors").asLong()).isEqualTo(1);
        assertThat(gpt.get("failedAnswers").asLong()).isEqualTo(1);
        assertThat(report.get("total").get("requests").asLong()).isEqualTo(3);
        assertThat(report.get("total").get("failedAnswers").asLong()).isEqualTo(1);
        assertThat(report.get("total").get("costUsd").asDouble()).isEqualTo(0.53);

        String filter = range() + "&keyId=" + alice.id();
        assertThat(groups(client.get("/api/v1/usage?" + filter + "&groupBy=provider")
                        .json()))
                .containsExactly("anthropic", "openai");
        assertThat(groups(client.get("/api/v1/usage?" + filter + "&groupBy=deployment")
                        .json()))
                .containsExactly("openai-eu", "openai-us", null);
        assertThat(groups(client.get("/api/v1/usage?" + filter + "&groupBy=day").json()))
                .containsExactly(LocalDate.ofInstant(at, ZoneOffset.UTC).toString());
        assertThat(groups(
                        client.get("/api/v1/usage?" + range() + "&groupBy=key").json()))
                .contains(alice.id());
    }

    private void recordFor(String keyId, String agent, String task, double cost) {
        server().helix()
                .accounting()
                .record(new UsageRecord(
                                at,
                                "req",
                                keyId,
                                "gpt-4o",
                                "openai",
                                "openai/gpt-4o",
                                new Usage(10, 5, 0, 0),
                                cost,
                                100,
                                200,
                                false,
                                1)
                        .attributedTo(agent, task));
    }

    @Test
    void usageIsReportedByAgentAndTaskTogetherOrApartAndFilteredByEither() {
        Key frank = createKey("frank");
        recordFor(frank.id(), "coder", "chat", 0.01);
        recordFor(frank.id(), "coder", "chat", 0.02);
        recordFor(frank.id(), "coder", "summarise", 0.001);
        recordFor(frank.id(), "critic", "chat", 0.1);
        recordFor(frank.id(), null, null, 1.0);
        String mine = "/api/v1/usage?" + range() + "&keyId=" + frank.id();

        JsonNode both = client.get(mine + "&groupBy=agent,task").json();
        assertThat(both.get("groupBy").asText()).isEqualTo("agent,task");
        assertThat(both.get("rows").findValues("group").stream().map(JsonNode::toString))
                .containsExactly(
                        "{\"agent\":\"coder\",\"task\":\"chat\"}",
                        "{\"agent\":\"coder\",\"task\":\"summarise\"}",
                        "{\"agent\":\"critic\",\"task\":\"chat\"}",
                        "{\"agent\":null,\"task\":null}");
        JsonNode coderChat = both.get("rows").get(0);
        assertThat(coderChat.get("requests").asLong()).isEqualTo(2);
        assertThat(coderChat.get("costUsd").asDouble()).isEqualTo(0.03);
        assertThat(both.get("total").get("requests").asLong()).isEqualTo(5);

        assertThat(groups(client.get(mine + "&groupBy=agent").json())).containsExactly("coder", "critic", null);
        assertThat(client.get(mine + "&groupBy=task,agent")
                        .json()
                        .get("rows")
                        .get(0)
                        .get("group")
                        .toString())
                .isEqualTo("{\"task\":\"chat\",\"agent\":\"coder\"}");
        JsonNode coder = client.get(mine + "&groupBy=task&agent=coder").json();
        assertThat(coder.get("agent").asText()).isEqualTo("coder");
        assertThat(groups(coder)).containsExactly("chat", "summarise");
        assertThat(coder.get("total").get("costUsd").asDouble()).isEqualTo(0.031);
        JsonNode chat = client.get(mine + "&groupBy=agent&task=chat").json();
        assertThat(chat.get("task").asText()).isEqualTo("chat");
        assertThat(groups(chat)).containsExactly("coder", "critic");
        JsonNode byModelAndDay = client.get(mine + "&groupBy=model,day").json();
        assertThat(byModelAndDay.get("rows").get(0).get("group").get("day").asText())
                .isEqualTo(LocalDate.ofInstant(at, ZoneOffset.UTC).toString());
    }

    @Test
    void requestsRefusedByALimitOrAsInvalidAreErrorsCountedByReason() {
        Key dave = createKey("dave");
        record(dave.id(), "gpt-4o", "openai", "openai-eu", 0.01, 200, false);
        refuse(dave.id(), "gpt-4o", Refusal.BUDGET, 429);
        refuse(dave.id(), "gpt-4o", Refusal.RPM, 429);
        refuse(dave.id(), "gpt-4o", Refusal.TPM, 429);
        refuse(dave.id(), "gpt-4o", Refusal.INVALID, 400);
        refuse(dave.id(), null, Refusal.INVALID, 404);

        JsonNode report = client.get("/api/v1/usage?" + range() + "&groupBy=model&keyId=" + dave.id())
                .json();
        assertThat(groups(report)).containsExactly("gpt-4o", null);
        JsonNode gpt = report.get("rows").get(0);
        assertThat(gpt.get("requests").asLong()).isEqualTo(5);
        assertThat(gpt.get("errors").asLong()).isEqualTo(4);
        assertThat(gpt.get("refused").toString()).isEqualTo("{\"budget\":1,\"rpm\":1,\"tpm\":1,\"invalid\":1}");
        assertThat(report.get("rows").get(1).get("refused").get("invalid").asLong())
                .isEqualTo(1);
        JsonNode total = report.get("total");
        assertThat(total.get("requests").asLong()).isEqualTo(6);
        assertThat(total.get("errors").asLong()).isEqualTo(5);
        assertThat(total.get("costUsd").asDouble()).isEqualTo(0.01);
        assertThat(total.get("refused").toString()).isEqualTo("{\"budget\":1,\"rpm\":1,\"tpm\":1,\"invalid\":2}");
    }

    @Test
    void theReportInTheApiDocsHasTheMembersOfARealOne() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "api.md"));
        String section = doc.substring(doc.indexOf("## Usage reports"));
        int start = section.indexOf("```json") + "```json".length();
        JsonNode documented = Json.mapper().readTree(section.substring(start, section.indexOf("```", start)));
        Key erin = createKey("erin");
        record(erin.id(), "gpt-4o", "openai", "openai-eu", 0.01, 200, false);
        JsonNode real = client.get("/api/v1/usage?" + range()).json();
        assertThat(members(documented, "")).isEqualTo(members(real, ""));
    }

    /** Every member's path in {@code node}, in order; an array by its first element. */
    private static List<String> members(JsonNode node, String at) {
        List<String> paths = new ArrayList<>();
        if (node.isArray() && !node.isEmpty()) {
            paths.addAll(members(node.get(0), at + "[]"));
        }
        node.properties().forEach(e -> {
            paths.add(at + "." + e.getKey());
            paths.addAll(members(e.getValue(), at + "." + e.getKey()));
        });
        return paths;
    }

    @Test
    void aUserKeySeesOnlyItsOwnUsage() {
        Key bob = createKey("bob");
        Key carol = createKey("carol");
        record(bob.id(), "gpt-4o", "openai", "openai-eu", 0.25, 200, false);
        record(carol.id(), "gpt-4o", "openai", "openai-eu", 4.0, 200, false);

        Reply own = client.get("/api/v1/usage?" + range() + "&groupBy=key", bob.secret());
        assertThat(own.status()).isEqualTo(200);
        assertThat(groups(own.json())).containsExactly(bob.id());
        assertThat(own.json().get("total").get("costUsd").asDouble()).isEqualTo(0.25);
        assertThat(client.get("/api/v1/usage?keyId=" + bob.id(), bob.secret()).status())
                .isEqualTo(200);

        Reply other = client.get("/api/v1/usage?keyId=" + carol.id(), bob.secret());
        assertThat(other.status()).isEqualTo(403);
        assertThat(other.json().get("detail").asText())
                .contains("sees only its own usage")
                .contains(bob.id());
        assertThat(client.get("/api/v1/usage", null).status()).isEqualTo(401);
    }

    @Test
    void theDefaultsAreThisMonthUntilNowByModel() {
        JsonNode report = client.get("/api/v1/usage").json();
        Instant now = Instant.now();
        assertThat(report.get("groupBy").asText()).isEqualTo("model");
        assertThat(Instant.parse(report.get("from").asText())).isEqualTo(BudgetPeriod.MONTH.start(now));
        assertThat(Instant.parse(report.get("to").asText())).isBetween(now.minusSeconds(60), now);
        assertThat(report.has("keyId")).as("no key filter").isFalse();
        assertThat(report.get("total").has("costUsd")).isTrue();
    }

    @Test
    void badParametersAreRefusedNamingTheParameterAndWhatIsAllowed() {
        assertBadRequest(
                "from=yesterday",
                "from must be an ISO-8601 instant (2026-11-01T00:00:00Z) or date " + "(2026-11-01), not 'yesterday'");
        assertBadRequest("to=2026-13-01", "to must be an ISO-8601 instant");
        String groups = "groupBy must be one of key, model, deployment, provider, day, agent, task, or several of them "
                + "separated by commas; not ";
        assertBadRequest("groupBy=user", groups + "'user'");
        assertBadRequest("groupBy=Model", groups + "'Model'");
        assertBadRequest("groupBy=%20day", "not ' day'");
        assertBadRequest("groupBy=agent,%20task", "not ' task'");
        assertBadRequest("groupBy=agent,", groups + "''");
        assertBadRequest("groupBy=agent,task,agent", "groupBy names 'agent' twice");
        assertBadRequest(
                "agent=Coder",
                "agent must be 1 to 64 lower-case letters, digits, '-' and '_', starting with a letter or digit; "
                        + "not 'Coder'");
        assertBadRequest("task=" + "t".repeat(33), "task must be 1 to 32 lower-case letters");
        assertBadRequest("from=2025-01-01&to=2026-03-01", "a report covers at most 400 days");
        assertBadRequest("from=2026-03-02T00:00:00Z&to=2026-03-01", "must be before to");
        assertBadRequest(
                "group_by=key", "unknown parameter 'group_by'; allowed: from, to, groupBy, keyId, agent, task");
        assertThat(client.get("/api/v1/usage?from=2026-01-01T00:00:00%2B02:00&to=2026-02-01")
                        .status())
                .as("an offset date-time is fine")
                .isEqualTo(200);
    }

    private void assertBadRequest(String query, String detail) {
        Reply r = client.get("/api/v1/usage?" + query);
        assertThat(r.status()).as(query).isEqualTo(400);
        assertThat(r.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(r.json().get("detail").asText()).as(query).contains(detail);
    }
}
