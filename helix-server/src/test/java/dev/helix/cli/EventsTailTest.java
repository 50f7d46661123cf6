package dev.helix.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.internal.Json;
import dev.helix.testing.HelixClient;
import dev.helix.testing.HelixServerExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code helix events tail} follows a running server's event log through its HTTP API. */
@Timeout(60)
class EventsTailTest {
    @RegisterExtension
    static HelixServerExtension server = new HelixServerExtension();

    private record Run(int status, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(status, out.toString(), err.toString());
    }

    @Test
    void printsEachEventOfTheAskedTypesAsOneJsonLineAndFollowsNewOnes() throws Exception {
        HelixClient client = server.client();
        patch(client, "{\"tail\":1}");
        CompletableFuture<Run> tail = CompletableFuture.supplyAsync(() -> run(
                "events",
                "tail",
                "--url",
                client.base(),
                "--key",
                server.adminKey(),
                "--types",
                "state.*",
                "--poll",
                "50",
                "--count",
                "2"));
        Thread.sleep(300);
        patch(client, "{\"tail\":2}");

        Run done = tail.get(30, TimeUnit.SECONDS);
        assertThat(done.status()).as(done.err()).isZero();
        List<String> lines = done.out().lines().toList();
        assertThat(lines).hasSize(2);
        JsonNode first = Json.mapper().readTree(lines.get(0));
        JsonNode second = Json.mapper().readTree(lines.get(1));
        assertThat(first.get("type").asText()).isEqualTo("state.changed");
        assertThat(second.get("data").get("patch").get("tail").asInt()).isEqualTo(2);
        assertThat(Long.parseLong(second.get("id").asText()))
                .isGreaterThan(Long.parseLong(first.get("id").asText()));

        Run after = run(
                "events",
                "tail",
                "--url",
                client.base(),
                "--key",
                server.adminKey(),
                "--after",
                second.get("id").asText(),
                "--types",
                "state.*",
                "--poll",
                "10",
                "--count",
                "0");
        assertThat(after.status()).isZero();
        assertThat(after.out()).isEmpty();
    }

    @Test
    void aRefusedReadEndsWithTheServersReason() {
        Run bad = run("events", "tail", "--url", server.client().base(), "--key", "hx_wrong", "--count", "1");
        assertThat(bad.status()).isEqualTo(1);
        assertThat(bad.err()).contains("401");

        Run badType =
                run("events", "tail", "--url", server.client().base(), "--key", server.adminKey(), "--types", "Nope!");
        assertThat(badType.status()).isEqualTo(1);
        assertThat(badType.err()).contains("types");
    }

    private static void patch(HelixClient client, String body) {
        HelixClient.Reply r = client.send(
                "PATCH", "/api/v1/state", client.adminKey(), "application/merge-patch+json", body, "If-Match", "*");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }
}
