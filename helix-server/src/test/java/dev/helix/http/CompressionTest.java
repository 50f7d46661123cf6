package dev.helix.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helix.testing.HelixServerExtension;
import io.helidon.http.HeaderNames;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** gzip at the HTTP edge: what is compressed, when, how Accept-Encoding is read, and never event streams. */
@Timeout(60)
class CompressionTest {
    @RegisterExtension
    static HelixServerExtension server = new HelixServerExtension()
            .feature(routes -> routes.get(
                            "/api/v1/test/json",
                            (req, res) -> Responses.ok(
                                    res,
                                    Map.of(
                                            "text",
                                            "helix "
                                                    .repeat(Integer.parseInt(req.query()
                                                            .first("n")
                                                            .orElse("500"))))))
                    .get("/api/v1/test/text", (req, res) -> {
                        res.header(HeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
                        res.send("line\n".repeat(1000).getBytes(StandardCharsets.UTF_8));
                    })
                    .get("/api/v1/test/binary", (req, res) -> {
                        res.header(HeaderNames.CONTENT_TYPE, "application/octet-stream");
                        res.send(new byte[4096]);
                    }));

    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void jsonAboveTheThresholdIsGzippedWhenAcceptedAndSaysVary() throws Exception {
        HttpResponse<byte[]> plain = get("/api/v1/test/json");
        HttpResponse<byte[]> gzipped = get("/api/v1/test/json", "Accept-Encoding", "gzip, deflate, br");

        assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(plain.headers().firstValue("Vary")).contains("Accept-Encoding");
        assertThat(gzipped.headers().firstValue("Content-Encoding")).contains("gzip");
        assertThat(gzipped.headers().firstValue("Vary")).contains("Accept-Encoding");
        assertThat(gzipped.body().length).isLessThan(plain.body().length / 4);
        assertThat(gzipped.headers().firstValueAsLong("Content-Length")).hasValue(gzipped.body().length);
        assertThat(gunzip(gzipped.body())).isEqualTo(plain.body());
        assertThat(gunzip(get("/api/v1/test/text", "Accept-Encoding", "gzip").body()))
                .isEqualTo("line\n".repeat(1000).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void smallBodiesAndBinaryTypesAreSentAsTheyAre() throws Exception {
        HttpResponse<byte[]> small = get("/api/v1/test/json?n=10", "Accept-Encoding", "gzip");
        HttpResponse<byte[]> binary = get("/api/v1/test/binary", "Accept-Encoding", "gzip");

        assertThat(small.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(small.headers().firstValue("Vary")).isEmpty();
        assertThat(binary.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(binary.body()).hasSize(4096);
    }

    @Test
    void acceptEncodingIsReadWithItsQualityValuesAndOddHeadersGetTheBodyAsItIs() throws Exception {
        Map<String, Boolean> cases = Map.ofEntries(
                Map.entry("gzip", true),
                Map.entry("GZIP;q=1.0", true),
                Map.entry("x-gzip", true),
                Map.entry("*", true),
                Map.entry("br;q=1, gzip;q=0.8", true),
                Map.entry("gzip;q=0", false),
                Map.entry("identity;q=0", false),
                Map.entry("*;q=0", false),
                Map.entry("gzip;q=0.5, identity", false),
                Map.entry("gzip;q=abc", false),
                Map.entry("gzip;q=2", false),
                Map.entry("deflate, br, zstd", false),
                Map.entry(";;;,,,", false),
                Map.entry("gzip;" + "a=b;".repeat(30), true),
                Map.entry("gzip, " + "x, ".repeat(200), false),
                Map.entry("gzip " + "z".repeat(8000), false));
        for (Map.Entry<String, Boolean> c : cases.entrySet()) {
            HttpResponse<byte[]> r = get("/api/v1/test/json", "Accept-Encoding", c.getKey());
            assertThat(r.statusCode()).as(c.getKey()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Encoding").isPresent())
                    .as(c.getKey())
                    .isEqualTo(c.getValue());
        }
    }

    @Test
    void aCachedBodyIsCompressedOnceAndServedGzippedFromMemory() throws Exception {
        get("/api/v1/agents", "Accept-Encoding", "gzip");
        double before = compressed();
        byte[] first = get("/api/v1/agents", "Accept-Encoding", "gzip").body();
        for (int i = 0; i < 5; i++) {
            HttpResponse<byte[]> again = get("/api/v1/agents", "Accept-Encoding", "gzip");
            assertThat(again.headers().firstValue("X-Helix-Cache")).contains("hit");
            assertThat(again.body()).isEqualTo(first);
        }
        assertThat(compressed()).isEqualTo(before);
        assertThat(new String(gunzip(first), StandardCharsets.UTF_8)).startsWith("{\"data\":[");
    }

    @Test
    void eventStreamsAreNeverCompressed() throws Exception {
        HttpRequest request = request(
                        "/api/v1/events?topics=state", "Accept-Encoding", "gzip", "Accept", "text/event-stream")
                .build();
        HttpResponse<InputStream> stream = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        InputStream body = stream.body();
        try {
            assertThat(stream.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
            assertThat(stream.headers().firstValue("Content-Encoding")).isEmpty();
        } finally {
            body.close();
        }
    }

    private double compressed() throws Exception {
        for (String line : new String(get("/metrics").body(), StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith("helix_http_compressed_total")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    private HttpRequest.Builder request(String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(
                        URI.create(server.client().base() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + server.adminKey());
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return b;
    }

    private HttpResponse<byte[]> get(String path, String... headers) throws IOException, InterruptedException {
        return http.send(request(path, headers).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static byte[] gunzip(byte[] body) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return in.readAllBytes();
        }
    }
}
