package dev.helix.bench;

import com.sun.management.ThreadMXBean;
import dev.helix.gateway.provider.http.UpstreamClient;
import dev.helix.gateway.provider.http.UpstreamResponse;
import dev.helix.testkit.MockLlmServer;
import io.helidon.http.HeaderNames;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.Proxy;
import io.helidon.webclient.api.WebClient;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What the HTTP client costs the gateway per upstream call: the same sequential chat request to an in-process mock
 * provider through Helix's own {@link UpstreamClient} (what the gateway uses), Helidon's WebClient (keep-alive,
 * TCP_NODELAY, no proxy), the JDK's {@code HttpClient} (HTTP/1.1) and a raw keep-alive socket ({@link RawHttp}, the
 * floor). Prints each client's p50 and
 * p99 per call and the bytes allocated per call by all threads (the mock's own share is in every row alike; the raw
 * socket's row is about that share alone).
 *
 * <pre>java -Xmx256m -XX:+UseSerialGC -cp 'helix-bench/target/helix-bench-*.jar:helix-bench/target/libs/*' \
 *     dev.helix.bench.UpstreamClients [rounds]</pre>
 */
public final class UpstreamClients {
    private static final byte[] BODY = "{\"model\":\"fast\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}"
            .getBytes(StandardCharsets.UTF_8);
    private static final int WARMUP = 5_000;
    private static final int CALLS = 20_000;

    /** One way to make the call; returns the body's length. */
    private interface Call {
        int run() throws Exception;
    }

    private record Client(String name, Call call) {}

    private UpstreamClients() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        try (MockLlmServer mock = MockLlmServer.start()) {
            URI uri = URI.create(mock.baseUrl() + "/chat/completions");
            List<Client> clients = List.of(raw(mock), helix(uri), helidon(uri), jdk(uri));
            System.out.println(
                    "| Client | Round | p50 per call (µs) | p99 per call (µs) | Allocated per call, all threads (bytes) |");
            System.out.println("| --- | ---: | ---: | ---: | ---: |");
            for (int round = 1; round <= rounds; round++) {
                for (Client client : clients) {
                    measure(client, round);
                }
            }
        }
    }

    private static Client raw(MockLlmServer mock) throws IOException {
        RawHttp connection = RawHttp.open("127.0.0.1", mock.port(), 10_000);
        byte[] request = RawHttp.post(
                "127.0.0.1",
                mock.port(),
                "/v1/chat/completions",
                new String[] {"Content-Type: application/json"},
                BODY);
        RawHttp.Response response = new RawHttp.Response(0);
        return new Client("raw socket (floor)", () -> {
            connection.exchange(request, response);
            return response.bodyBytes;
        });
    }

    private static Client helix(URI uri) {
        UpstreamClient client = new UpstreamClient(uri, Map.of(), Duration.ofSeconds(5), Duration.ofSeconds(10));
        return new Client("Helix UpstreamClient", () -> {
            try (UpstreamResponse r = client.send("POST", uri, "application/json", BODY)) {
                return r.body().readNBytes((int) r.contentLength().orElseThrow()).length;
            }
        });
    }

    private static Client helidon(URI uri) {
        WebClient client = WebClient.builder()
                .keepAlive(true)
                .followRedirects(false)
                .socketOptions(o -> o.tcpNoDelay(true))
                .proxy(Proxy.noProxy())
                .build();
        return new Client("Helidon WebClient 4.3.1", () -> {
            try (HttpClientResponse r = client.post()
                    .uri(uri)
                    .header(HeaderNames.CONTENT_TYPE, "application/json")
                    .submit(BODY)) {
                // as UpstreamHttp reads: to the Content-Length, so no read buffer beyond the body is allocated
                return r.inputStream()
                        .readNBytes((int) r.headers().contentLength().orElseThrow())
                        .length;
            }
        });
    }

    private static Client jdk(URI uri) {
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .proxy(HttpClient.Builder.NO_PROXY)
                .build();
        HttpRequest request = HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(BODY))
                .build();
        return new Client(
                "JDK HttpClient",
                () -> client.send(request, HttpResponse.BodyHandlers.ofByteArray())
                        .body()
                        .length);
    }

    private static void measure(Client client, int round) throws Exception {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int i = 0; i < WARMUP; i++) {
            client.call().run();
        }
        long[] nanos = new long[CALLS];
        long allocatedBefore = threads.getTotalThreadAllocatedBytes();
        for (int i = 0; i < CALLS; i++) {
            long start = System.nanoTime();
            if (client.call().run() <= 0) {
                throw new IllegalStateException(client.name() + " got an empty body");
            }
            nanos[i] = System.nanoTime() - start;
        }
        long allocated = threads.getTotalThreadAllocatedBytes() - allocatedBefore;
        Arrays.sort(nanos);
        System.out.printf(
                "| %s | %d | %.1f | %.1f | %d |%n",
                client.name(), round, nanos[CALLS / 2] / 1e3, nanos[CALLS * 99 / 100] / 1e3, allocated / CALLS);
    }
}
