package dev.helix.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helix.testing.HelixServerExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** HTTP/2 over cleartext when {@code server.http2} is on: routes answer over it, event streams ask for HTTP/1.1. */
@Timeout(30)
class Http2Test {
    @RegisterExtension
    static HelixServerExtension server = new HelixServerExtension()
            .config(c -> c.toBuilder().server(s -> s.http2(true)).build());

    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(
                        URI.create(server.client().base() + path))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + server.adminKey());
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void routesAnswerOverHttp2AndCachedBodiesStillCarryTheirHeaders() throws Exception {
        get("/api/v1/agents");
        HttpResponse<String> r = get("/api/v1/agents");

        assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-helix-cache")).contains("hit");
        assertThat(r.headers().firstValue("etag")).isPresent();
        assertThat(r.body()).startsWith("{\"data\":[");
    }

    @Test
    void anEventStreamOverHttp2Gets505NotAServerError() throws Exception {
        get("/status");
        HttpResponse<String> r = get("/api/v1/events?topics=state", "Accept", "text/event-stream");

        assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(r.statusCode()).isEqualTo(505);
        assertThat(r.body()).contains("HTTP/1.1");
    }
}
