package dev.helix.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helix.testing.HelixClient;
import dev.helix.testing.HelixClient.Reply;
import dev.helix.testing.HelixServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Features' error mappings are tried in the order they were registered, and a mapping may set response headers. */
class ErrorMappingTest {
    /** A feature's exception, with a subclass that has a mapping of its own. */
    static class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }

    static final class Busy extends Refused {
        Busy() {
            super("come back in a minute");
        }
    }

    @RegisterExtension
    static HelixServerExtension server = new HelixServerExtension()
            .feature(routes -> routes.get("/api/v1/test/refused", (req, res) -> {
                        throw new Refused("not today");
                    })
                    .get("/api/v1/test/busy", (req, res) -> {
                        throw new Busy();
                    })
                    .onErrorWithHeaders(
                            Busy.class,
                            e -> MappedError.of(Problem.of(503, "busy", "Busy", e.getMessage()))
                                    .withHeader("Retry-After", "60")
                                    .withHeader("X-Helix-Busy", "yes"))
                    .onError(Refused.class, e -> Problem.of(403, "refused", "Refused", e.getMessage())))
            .feature(routes -> routes.onError(Busy.class, e -> Problem.of(500, "too-late", "Too late", "never used")));

    private final HelixClient client = server.client();

    @Test
    void theFirstRegisteredMatchingMappingAnswers() {
        Reply refused = client.get("/api/v1/test/refused");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("detail").asText()).isEqualTo("not today");

        Reply busy = client.get("/api/v1/test/busy");
        assertThat(busy.status()).isEqualTo(503);
        assertThat(busy.json().get("type").asText()).isEqualTo("urn:helix:problem:busy");
    }

    @Test
    void aMappingSetsResponseHeaders() {
        Reply busy = client.get("/api/v1/test/busy");
        assertThat(busy.header("Retry-After")).isEqualTo("60");
        assertThat(busy.header("X-Helix-Busy")).isEqualTo("yes");
        assertThat(busy.header("Content-Type")).isEqualTo(Problem.MEDIA_TYPE);
        assertThat(busy.json().get("instance").asText()).isEqualTo(busy.header("X-Request-Id"));
    }

    @Test
    void aMappingWithoutHeadersSetsNone() {
        assertThat(client.get("/api/v1/test/refused").header("Retry-After")).isNull();
    }
}
