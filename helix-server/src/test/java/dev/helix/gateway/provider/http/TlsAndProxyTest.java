package dev.helix.gateway.provider.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** https upstreams: a real TLS server on loopback with a certificate made for the test, reached directly and through
 * an HTTP proxy's CONNECT tunnel. */
class TlsAndProxyTest {
    private static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir
    static Path dir;

    private static HttpsServer server;
    private static SSLContext trusting;
    private static final AtomicInteger connections = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        Path store = dir.resolve("localhost.p12");
        Process keytool = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "keytool")
                                .toString(),
                        "-genkeypair",
                        "-alias",
                        "localhost",
                        "-keyalg",
                        "EC",
                        "-groupname",
                        "secp256r1",
                        "-dname",
                        "CN=localhost",
                        "-ext",
                        "SAN=dns:localhost",
                        "-validity",
                        "2",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        store.toString(),
                        "-storepass",
                        "changeit",
                        "-keypass",
                        "changeit")
                .redirectErrorStream(true)
                .start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keytool.waitFor()).as(output).isZero();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, PASSWORD);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, PASSWORD);
        SSLContext serverContext = SSLContext.getInstance("TLS");
        serverContext.init(kmf.getKeyManagers(), null, null);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("localhost", keys.getCertificate("localhost"));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        trusting = SSLContext.getInstance("TLS");
        trusting.init(null, tmf.getTrustManagers(), null);

        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setHttpsConfigurator(new HttpsConfigurator(serverContext));
        server.createContext("/v1/chat", exchange -> {
            byte[] request = exchange.getRequestBody().readAllBytes();
            byte[] answer =
                    ("{\"echo\":" + new String(request, StandardCharsets.UTF_8) + "}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private static URI origin(String host) {
        return URI.create("https://" + host + ":" + server.getAddress().getPort() + "/v1");
    }

    private static String post(UpstreamClient client, URI origin) throws IOException {
        try (UpstreamResponse response = client.send(
                "POST",
                URI.create(origin + "/chat"),
                "application/json",
                "{\"n\":1}".getBytes(StandardCharsets.UTF_8))) {
            assertThat(response.status()).isEqualTo(200);
            return new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static UpstreamClient client(URI origin, SSLContext context, java.net.ProxySelector proxies) {
        return new UpstreamClient(origin, Map.of(), Duration.ofSeconds(2), Duration.ofSeconds(5), context, proxies);
    }

    @Test
    void callsAnHttpsUpstreamAndKeepsTheConnection() throws IOException {
        URI origin = origin("localhost");
        try (UpstreamClient client = client(origin, trusting, null)) {
            assertThat(post(client, origin)).isEqualTo("{\"echo\":{\"n\":1}}");
            assertThat(post(client, origin)).isEqualTo("{\"echo\":{\"n\":1}}");
            assertThat(client.idleConnections()).isEqualTo(1);
        }
    }

    @Test
    void anUntrustedCertificateIsRefused() {
        URI origin = origin("localhost");
        try (UpstreamClient client = client(origin, null, null)) {
            assertThatThrownBy(() -> post(client, origin)).isInstanceOf(SSLHandshakeException.class);
        }
    }

    @Test
    void aCertificateForAnotherNameIsRefused() {
        URI origin = origin("127.0.0.1");
        try (UpstreamClient client = client(origin, trusting, null)) {
            assertThatThrownBy(() -> post(client, origin)).isInstanceOf(SSLHandshakeException.class);
        }
    }

    @Test
    void reachesAnHttpsUpstreamThroughAnHttpProxyTunnel() throws IOException {
        try (TunnelProxy proxy = new TunnelProxy()) {
            URI origin = origin("localhost");
            Proxy http = new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved("localhost", proxy.port()));
            try (UpstreamClient client = client(origin, trusting, ConnectorTest.selector(u -> List.of(http)))) {
                assertThat(post(client, origin)).isEqualTo("{\"echo\":{\"n\":1}}");
                assertThat(post(client, origin)).isEqualTo("{\"echo\":{\"n\":1}}");
            }
            assertThat(proxy.requests)
                    .containsExactly("CONNECT localhost:" + server.getAddress().getPort() + " HTTP/1.1");
        }
    }

    /** An HTTP proxy that only tunnels: answers CONNECT with 200 and relays bytes both ways. */
    private static final class TunnelProxy implements AutoCloseable {
        final List<String> requests = new CopyOnWriteArrayList<>();
        private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());

        TunnelProxy() throws IOException {
            Thread.ofVirtual().start(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket client = socket.accept();
                        Thread.ofVirtual().start(() -> tunnel(client));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        int port() {
            return socket.getLocalPort();
        }

        private void tunnel(Socket client) {
            try (client) {
                InputStream in = client.getInputStream();
                StringBuilder head = new StringBuilder();
                while (!head.toString().endsWith("\r\n\r\n")) {
                    int b = in.read();
                    if (b < 0) {
                        return;
                    }
                    head.append((char) b);
                }
                String line = head.substring(0, head.indexOf("\r\n"));
                requests.add(line);
                String[] target = line.split(" ")[1].split(":");
                try (Socket upstream = new Socket(target[0], Integer.parseInt(target[1]))) {
                    client.getOutputStream()
                            .write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    Thread.ofVirtual().start(() -> relay(upstream, client));
                    relay(client, upstream);
                }
            } catch (IOException e) {
                // either side went away
            }
        }

        private static void relay(Socket from, Socket to) {
            try {
                from.getInputStream().transferTo(to.getOutputStream());
            } catch (IOException e) {
                // either side went away
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
