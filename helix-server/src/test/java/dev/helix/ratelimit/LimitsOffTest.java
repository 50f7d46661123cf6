package dev.helix.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helix.testing.HelixClient;
import dev.helix.testing.HelixServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code limits.enabled: false} turns every rate limit and bulkhead off, whatever the classes say. */
class LimitsOffTest {
    @RegisterExtension
    static HelixServerExtension server = new HelixServerExtension()
            .config(LimitsFixture.with("limits.enabled=false", "limits.defaultRate=1/1h", "limits.publicRate=1/1h"));

    @Test
    void nothingIsLimitedAndNoHeadersAreSent() {
        HelixClient client = server.client();
        for (int i = 0; i < 5; i++) {
            HelixClient.Reply me = client.get("/api/v1/me");
            assertThat(me.status()).isEqualTo(200);
            assertThat(me.header("RateLimit")).isNull();
            assertThat(client.get("/status", null).status()).isEqualTo(200);
        }
        assertThat(client.get("/metrics", null).body()).doesNotContain("helix_bulkhead_in_flight");
    }
}
