package dev.helix.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.helix.testing.HelixClient;
import dev.helix.testing.HelixServerExtension;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/** Keys and Authorization headers never reach the log, whatever the request does. */
class SecretsNotLoggedTest {
    @RegisterExtension
    static HelixServerExtension server = new HelixServerExtension();

    @Test
    void keysNeverAppearInLogLines() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        root.addAppender(captured);
        try {
            HelixClient client = server.client();
            String created = client.postJson("/api/v1/keys", "{\"name\":\"dave\"}")
                    .json()
                    .get("key")
                    .asText();
            client.get("/api/v1/me", created);
            client.get("/api/v1/me?access_token=" + created + "&x=1", "hx_" + "Q".repeat(43));
            client.get("/nope?key=" + created, created);
            client.get("/api/v1/events?topics=nope&acc%65ss_token=" + created, null);
            String id = client.get("/api/v1/me", created).json().get("id").asText();
            client.delete("/api/v1/keys/" + id, client.adminKey());
        } finally {
            root.detachAppender(captured);
        }
        List<ILoggingEvent> events;
        synchronized (captured) {
            // a line from another thread (a stream ending late) may still be appended
            events = List.copyOf(captured.list);
        }
        String all = events.stream()
                .map(e -> e.getFormattedMessage() + " " + e.getMDCPropertyMap())
                .collect(Collectors.joining("\n"));
        assertThat(all).contains("GET /api/v1/me?access_token=****&x=1 401");
        assertThat(all)
                .doesNotContain(server.adminKey())
                .doesNotContain("Bearer")
                .doesNotContain("QQQQQQQQ");
        assertThat(events).noneMatch(e -> e.getFormattedMessage().matches(".*hx_[A-Za-z0-9]{40,}.*"));
    }
}
