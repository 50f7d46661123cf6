package dev.helix.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helix.testing.HelixClient;
import dev.helix.testing.HelixServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** With {@code limits.trustForwardedFor}, public routes count the address the proxy added, not the socket's. */
class ForwardedForTest {
    @RegisterExtension
    static HelixServerExtension server = new HelixServerExtension()
            .config(LimitsFixture.with("limits.trustForwardedFor=true", "limits.publicRate=1/1h"));

    private int status(String... forwardedFor) {
        HelixClient client = server.client();
        return forwardedFor.length == 0
                ? client.get("/status", null).status()
                : client.send("GET", "/status", null, null, null, "X-Forwarded-For", forwardedFor[0])
                        .status();
    }

    @Test
    void theLastForwardedAddressIsTheClient() {
        assertThat(status("203.0.113.7")).isEqualTo(200);
        assertThat(status("203.0.113.7")).isEqualTo(429);
        assertThat(status("203.0.113.8")).isEqualTo(200);
        assertThat(status("198.51.100.1, 203.0.113.7"))
                .as("a client-sent first entry changes nothing")
                .isEqualTo(429);
        assertThat(status("203.0.113.7, 198.51.100.1")).isEqualTo(200);
        assertThat(status()).as("without the header: the connection's address").isEqualTo(200);
        assertThat(status("not-an-address"))
                .as("a malformed header: the connection's address")
                .isEqualTo(429);
    }
}
