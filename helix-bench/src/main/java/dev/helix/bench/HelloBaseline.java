package dev.helix.bench;

import io.helidon.webserver.WebServer;
import java.nio.charset.StandardCharsets;

/**
 * The ceiling for Helix's HTTP figures: a bare Helidon SE server (same version, TCP_NODELAY, virtual threads) that
 * answers {@code GET /health/live} with the same bytes as Helix, and nothing else — no filters, auth or metrics.
 * {@code bench/foundation.sh} measures it in the same run as Helix.
 *
 * <pre>java -cp 'helix-bench/target/helix-bench-*.jar:helix-bench/target/libs/*' dev.helix.bench.HelloBaseline PORT</pre>
 */
public final class HelloBaseline {
    private static final byte[] BODY = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);

    private HelloBaseline() {}

    public static void main(String[] args) {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8081;
        WebServer.builder()
                .host("127.0.0.1")
                .port(port)
                .connectionOptions(o -> o.tcpNoDelay(true))
                .routing(r -> r.get("/health/live", (req, res) -> {
                    res.header("Content-Type", "application/json");
                    res.send(BODY);
                }))
                .build()
                .start();
    }
}
