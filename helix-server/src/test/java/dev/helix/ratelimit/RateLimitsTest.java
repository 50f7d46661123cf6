package dev.helix.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.testing.HelixClient;
import dev.helix.testing.HelixServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Rate limits on a real server, buckets in its memory: per key, per client IP, per class, in both error shapes. */
class RateLimitsTest {
    @RegisterExtension
    static HelixServerExtension server = new HelixServerExtension()
            .config(LimitsFixture.with(
                    "limits.defaultRate=3/1h",
                    "limits.gatewayRate=2/1h",
                    "limits.commandsRate=2/1h",
                    "limits.publicRate=3/1h",
                    "limits.adminRate=50/1h"));

    private final HelixClient client = server.client();

    @Test
    void aKeyOverItsLimitGets429WithRetryAfterAndTheRateLimitHeaders() {
        String key = client.createKey("limited", "user");
        for (int remaining = 2; remaining >= 0; remaining--) {
            HelixClient.Reply ok = client.get("/api/v1/me", key);
            assertThat(ok.status()).isEqualTo(200);
            assertThat(ok.header("RateLimit-Policy")).isEqualTo("\"default\";q=3;w=3600");
            assertThat(ok.header("RateLimit")).isEqualTo("\"default\";r=" + remaining + ";t=1200");
        }
        HelixClient.Reply refused = client.get("/api/v1/me", key);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 1200L);
        assertThat(refused.header("RateLimit-Policy")).isEqualTo("\"default\";q=3;w=3600");
        assertThat(refused.header("RateLimit")).startsWith("\"default\";r=0;t=");
        JsonNode problem = refused.json();
        assertThat(problem.get("type").asText()).isEqualTo("urn:helix:problem:rate-limit-exceeded");
        assertThat(problem.get("status").asInt()).isEqualTo(429);
        assertThat(problem.get("policy").asText()).isEqualTo("default");
        assertThat(problem.get("quota").asLong()).isEqualTo(3);
        assertThat(problem.get("window").asLong()).isEqualTo(3600);
        assertThat(problem.get("retryAfter").asText()).isEqualTo(refused.header("Retry-After"));
        assertThat(problem.get("detail").asText()).startsWith("API key key_").contains("limits.defaultRate");
        assertThat(client.get("/api/v1/me", client.createKey("other", "user")).status())
                .isEqualTo(200);
    }

    @Test
    void publicRoutesAreLimitedPerClientIpAndHealthProbesNever() {
        for (int i = 0; i < 3; i++) {
            HelixClient.Reply ok =
                    client.send("GET", "/status", null, null, null, "X-Forwarded-For", "198.51.100." + i);
            assertThat(ok.status()).isEqualTo(200);
            assertThat(ok.header("RateLimit-Policy")).isEqualTo("\"public\";q=3;w=3600");
        }
        HelixClient.Reply refused = client.get("/status", null);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.json().get("detail").asText())
                .contains("client 127.0.0.1")
                .contains("limits.publicRate");
        assertThat(client.get("/metrics", null).status()).isEqualTo(429);
        for (int i = 0; i < 20; i++) {
            HelixClient.Reply live = client.get("/health/live", null);
            HelixClient.Reply ready = client.get("/health/ready", null);
            assertThat(live.status()).isEqualTo(200);
            assertThat(ready.status()).isEqualTo(200);
            assertThat(live.header("RateLimit")).isNull();
            assertThat(ready.header("RateLimit-Policy")).isNull();
        }
    }

    @Test
    void theGatewayAnswers429InOpenAisShape() {
        String key = client.createKey("gateway-user", "user");
        assertThat(client.get("/v1/models", key).status()).isEqualTo(200);
        assertThat(client.get("/v1/models", key).header("RateLimit")).isEqualTo("\"gateway\";r=0;t=1800");
        HelixClient.Reply refused = client.get("/v1/models", key);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("Content-Type")).isEqualTo("application/json");
        assertThat(refused.header("Retry-After")).isNotBlank();
        assertThat(refused.header("RateLimit-Policy")).isEqualTo("\"gateway\";q=2;w=3600");
        JsonNode error = refused.json().get("error");
        assertThat(error.get("type").asText()).isEqualTo("rate_limit_error");
        assertThat(error.get("code").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(error.get("message").asText()).contains("gateway rate limit of 2 requests per 1h");
        assertThat(error.get("policy").asText()).isEqualTo("gateway");
        assertThat(error.get("quota").asInt()).isEqualTo(2);
        assertThat(error.has("request_id")).isTrue();
    }

    @Test
    void eachClassHasItsOwnBucketPerKey() {
        String key = client.createKey("commands-user", "user");
        assertThat(client.get("/api/v1/commands", key).status()).isEqualTo(200);
        assertThat(client.get("/api/v1/commands/help", key).status()).isEqualTo(200);
        HelixClient.Reply refused = client.postJson("/api/v1/commands/ping", "{}", key);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.json().get("policy").asText()).isEqualTo("commands");
        assertThat(client.get("/api/v1/me", key).status()).isEqualTo(200);
        assertThat(client.get("/api/v1/keys").header("RateLimit-Policy")).isEqualTo("\"admin\";q=50;w=3600");
    }

    @Test
    void refusedCallersNeverReachTheLimiter() {
        HelixClient.Reply anonymous = client.get("/api/v1/me", null);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.header("RateLimit")).isNull();
    }
}
