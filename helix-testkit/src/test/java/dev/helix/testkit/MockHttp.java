package dev.helix.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A small HTTP client for the mock's tests: JSON requests with {@link HttpClient}, raw ones over a socket.
 *
 * <p>Made by {@link #sharedServer()} and registered as a static {@code @RegisterExtension} field, it also runs the
 * server its test class shares: started before all tests, reset before each (no recorded requests, no faults,
 * default options) and closed after all.
 */
final class MockHttp implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private MockLlmServer server;

    /** A client of {@code server}, which the caller starts and closes. */
    MockHttp(MockLlmServer server) {
        this.server = server;
    }

    /** A client whose server the extension callbacks start, reset and close. */
    static MockHttp sharedServer() {
        return new MockHttp(null);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        server = MockLlmServer.start();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        server.reset();
        server.options(MockLlmServer.Options.defaults());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        server.close();
    }

    /** The server this client talks to. */
    MockLlmServer server() {
        return server;
    }

    /** POSTs {@code json} to {@code path} with header name/value pairs. */
    HttpResponse<String> post(String path, String json, String... headers) {
        return send(request(path, headers)
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    HttpResponse<String> get(String path, String... headers) {
        return send(request(path, headers).GET().build());
    }

    /** POSTs without waiting for the answer. */
    CompletableFuture<HttpResponse<String>> postAsync(String path, String json, String... headers) {
        HttpRequest request = request(path, headers)
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        return CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    /** POSTs and returns the exception the client gave instead of an answer, or fails if it got one. */
    IOException postFails(String path, String json, String... headers) {
        HttpRequest request = request(path, headers)
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        try {
            HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            throw new AssertionError(
                    "expected the exchange to fail, got " + response.statusCode() + " " + response.body());
        } catch (IOException e) {
            return e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Writes a raw HTTP/1.1 POST and returns everything the server sends until it closes the connection. */
    String raw(String path, String json, String... headers) {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(rawRequest(path, json, headers));
            out.flush();
            return readAll(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Opens a socket and writes a raw POST without reading; the caller closes it. */
    Socket openRaw(String path, String json, String... headers) throws IOException {
        Socket socket = new Socket("127.0.0.1", server.port());
        socket.getOutputStream().write(rawRequest(path, json, headers));
        socket.getOutputStream().flush();
        return socket;
    }

    static JsonNode json(HttpResponse<String> response) {
        return parse(response.body());
    }

    static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code data:} payloads of a server-sent event stream, in order. */
    static List<String> sseData(String body) {
        List<String> data = new ArrayList<>();
        for (String event : body.split("\n\n")) {
            for (String line : event.split("\n")) {
                if (line.startsWith("data: ")) {
                    data.add(line.substring(6));
                }
            }
        }
        return data;
    }

    /** The {@code event:} names of a server-sent event stream, in order. */
    static List<String> sseEvents(String body) {
        List<String> names = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (line.startsWith("event: ")) {
                names.add(line.substring(7));
            }
        }
        return names;
    }

    /** Polls {@code condition} every 5 ms; the test's {@code @Timeout} bounds the wait. */
    static void await(BooleanSupplier condition) {
        while (!condition.getAsBoolean()) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private HttpRequest.Builder request(String path, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(server.rootUrl() + path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json");
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return builder;
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static byte[] rawRequest(String path, String json, String... headers) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n");
        for (int i = 0; i < headers.length; i += 2) {
            head.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        byte[] start = head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[start.length + body.length];
        System.arraycopy(start, 0, all, 0, start.length);
        System.arraycopy(body, 0, all, start.length, body.length);
        return all;
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                bytes.write(buffer, 0, n);
            }
        } catch (java.net.SocketException e) {
            // a reset after some bytes: return what arrived
        }
        return bytes.toString(StandardCharsets.ISO_8859_1);
    }
}
