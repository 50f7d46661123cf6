package dev.helix.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.testing.HelixClient;
import dev.helix.testing.HelixClient.Reply;
import dev.helix.testing.HelixServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MonitorApiTest {
    @RegisterExtension
    static HelixServerExtension server = new HelixServerExtension();

    private final HelixClient client = server.client();

    @Test
    void livenessAndReadinessArePublic() {
        Reply live = client.get("/health/live", null);
        assertThat(live.status()).isEqualTo(200);
        assertThat(live.json().get("status").asText()).isEqualTo("UP");
        Reply ready = client.get("/health/ready", null);
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json().at("/checks/storage/status").asText()).isEqualTo("UP");
        assertThat(ready.json().at("/checks/migrations/status").asText()).isEqualTo("UP");
    }

    @Test
    void headRequestsAnswerLikeGetWithoutABody() {
        Reply head = client.send(
                client.request("/status", null).method("HEAD", java.net.http.HttpRequest.BodyPublishers.noBody()));
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.header("Content-Type")).isEqualTo("application/json");
        Reply put = client.send(client.request("/status", null).PUT(java.net.http.HttpRequest.BodyPublishers.noBody()));
        assertThat(put.header("Allow")).isEqualTo("GET, HEAD");
    }

    @Test
    void statusDescribesTheNode() {
        JsonNode s = client.get("/status", null).json();
        assertThat(s.get("name").asText()).isEqualTo("helix");
        assertThat(s.get("version").asText()).isNotBlank();
        assertThat(s.get("commit").asText()).isNotBlank();
        assertThat(s.get("nodeId").asText()).isNotBlank();
        assertThat(s.get("uptimeSeconds").asDouble()).isGreaterThanOrEqualTo(0);
        assertThat(s.get("database").asText()).isEqualTo("sqlite");
        assertThat(s.get("features").isObject()).isTrue();
        assertThat(s.at("/components/storage/status").asText()).isEqualTo("UP");
        assertThat(s.get("status").asText()).isEqualTo("UP");
    }

    @Test
    void metricsArePrometheusTextWithRouteTemplates() {
        client.get("/api/v1/keys/key_does_not_exist");
        client.get("/api/v1/me");
        Reply m = client.get("/metrics", null);
        assertThat(m.status()).isEqualTo(200);
        assertThat(m.header("Content-Type")).startsWith("text/plain; version=0.0.4");
        assertThat(m.body())
                .contains("http_server_requests_seconds_count{")
                .containsPattern(
                        "http_server_requests_seconds_count\\{[^}]*method=\"GET\"[^}]*route=\"/api/v1/keys/\\{id\\}\""
                                + "[^}]*status=\"404\"")
                .contains("route=\"/api/v1/me\"")
                .doesNotContain("key_does_not_exist")
                .contains("jvm_memory_used_bytes")
                .contains("process_uptime_seconds")
                .contains("hikaricp_connections");
    }
}
