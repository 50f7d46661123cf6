package dev.helix.gateway.provider.http;

import java.io.IOException;
import java.net.ProxySelector;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * A small HTTP/1.1 client for one upstream origin, made for LLM calls: keep-alive connections in a pool (the most
 * recently used first; those idle for {@link #IDLE_TIMEOUT} closed), TCP_NODELAY, the request head and body in one
 * write, and no memory held by a call while it waits for its answer beyond the socket itself. A pooled connection
 * is checked (without waiting) before it is given a request, so one the server closed while idle is replaced rather
 * than failing the request; a request is never sent twice.
 */
public final class UpstreamClient implements AutoCloseable {
    /** Idle connections older than this are closed rather than reused. */
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);
    /** How often idle connections are looked over, to close those past the timeout or closed by the server. */
    private static final Duration SWEEP_PERIOD = Duration.ofSeconds(10);

    private static final int MAX_HEAD_LINE = 16 * 1024;
    private static final int MAX_HEADER_FIELDS = 200;
    private static final int MAX_INTERIM_RESPONSES = 10;

    private final URI origin;
    private final Connector connector;
    private final byte[] fixedFields;
    private final ConcurrentLinkedDeque<HttpConnection> idle = new ConcurrentLinkedDeque<>();
    private final Thread sweeper;
    private volatile boolean closed;

    /**
     * @param origin         scheme, host and port every request of this client goes to
     * @param headers        header fields sent with every request (names and values checked here)
     * @param connectTimeout to open a connection
     * @param readTimeout    the longest a read may block
     */
    public UpstreamClient(URI origin, Map<String, String> headers, Duration connectTimeout, Duration readTimeout) {
        this(origin, headers, connectTimeout, readTimeout, null, null);
    }

    /** As above, with TLS trust and proxies of its own instead of the JVM's (null for the JVM's). */
    UpstreamClient(
            URI origin,
            Map<String, String> headers,
            Duration connectTimeout,
            Duration readTimeout,
            @Nullable SSLContext sslContext,
            @Nullable ProxySelector proxies) {
        String scheme = origin.getScheme() == null ? "" : origin.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("the URL must start with http:// or https://, not '" + origin + "'");
        }
        this.origin = origin;
        this.connector = new Connector(origin, connectTimeout, readTimeout, sslContext, proxies);
        StringBuilder fields =
                new StringBuilder("Host: ").append(connector.authority()).append("\r\n");
        headers.forEach((name, value) -> fields.append(checkedName(name))
                .append(": ")
                .append(checkedValue(name, value))
                .append("\r\n"));
        this.fixedFields = fields.toString().getBytes(StandardCharsets.UTF_8);
        this.sweeper = Thread.ofVirtual()
                .name("helix-upstream-idle " + connector.authority())
                .start(this::sweep);
    }

    /**
     * Sends a request and returns its response once the head has arrived; the caller reads the body and closes it.
     *
     * @param method      GET, POST, …
     * @param uri         a URI on this client's origin
     * @param contentType the body's media type, or null without a body
     * @param body        the body, or null
     */
    public UpstreamResponse send(String method, URI uri, @Nullable String contentType, byte @Nullable [] body)
            throws IOException {
        checkOrigin(uri);
        HttpConnection connection = pooled();
        if (connection == null) {
            connection = connector.open();
        }
        try {
            connection.send(head(method, uri, contentType, body, connection.absoluteForm()), body);
            return readResponse(connection, method);
        } catch (IOException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /** Takes a connection back after a response read to its end. */
    void release(HttpConnection connection) {
        if (closed) {
            connection.close();
            return;
        }
        connection.idle(System.nanoTime());
        idle.offerFirst(connection);
    }

    /** Connections waiting in the pool. */
    int idleConnections() {
        return idle.size();
    }

    private @Nullable HttpConnection pooled() {
        long now = System.nanoTime();
        HttpConnection connection;
        while ((connection = idle.pollFirst()) != null) {
            if (!expired(connection, now) && connection.usable()) {
                return connection;
            }
            connection.close();
        }
        return null;
    }

    /** Every {@link #SWEEP_PERIOD}: closes idle connections past the timeout or closed by the server meanwhile. */
    private void sweep() {
        while (!closed) {
            try {
                Thread.sleep(SWEEP_PERIOD);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (HttpConnection connection : idle.toArray(HttpConnection[]::new)) {
                if (idle.removeFirstOccurrence(connection)) { // taken out so no request uses it while it is checked
                    if (expired(connection, now) || !connection.usable()) {
                        connection.close();
                    } else {
                        idle.offerLast(connection);
                    }
                }
            }
        }
    }

    private static boolean expired(HttpConnection connection, long nowNanos) {
        return nowNanos - connection.idleSinceNanos() >= IDLE_TIMEOUT.toNanos();
    }

    private void checkOrigin(URI uri) {
        if (!origin.getHost().equalsIgnoreCase(uri.getHost())
                || origin.getPort() != uri.getPort()
                || !origin.getScheme().equalsIgnoreCase(uri.getScheme())) {
            throw new IllegalArgumentException(uri + " is not on " + origin);
        }
    }

    private byte[] head(
            String method, URI uri, @Nullable String contentType, byte @Nullable [] body, boolean absoluteForm) {
        String target = absoluteForm ? uri.toASCIIString() : requestTarget(uri);
        StringBuilder line =
                new StringBuilder(96).append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        if (body != null) {
            if (contentType != null) {
                line.append("Content-Type: ").append(contentType).append("\r\n");
            }
            line.append("Content-Length: ").append(body.length).append("\r\n");
        }
        byte[] start = line.toString().getBytes(StandardCharsets.UTF_8);
        byte[] head = new byte[start.length + fixedFields.length + 2];
        System.arraycopy(start, 0, head, 0, start.length);
        System.arraycopy(fixedFields, 0, head, start.length, fixedFields.length);
        head[head.length - 2] = '\r';
        head[head.length - 1] = '\n';
        return head;
    }

    private static String requestTarget(URI uri) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    }

    private UpstreamResponse readResponse(HttpConnection connection, String method) throws IOException {
        for (int interim = 0; interim <= MAX_INTERIM_RESPONSES; interim++) {
            String statusLine = connection.readLine(MAX_HEAD_LINE);
            int status = status(statusLine);
            List<String> fields = fields(connection);
            if (status >= 100 && status < 200) {
                continue; // an interim response (100 Continue, 103 Early Hints): the real one follows
            }
            boolean keepAlive = statusLine.startsWith("HTTP/1.1") && !hasToken(fields, "connection", "close");
            ResponseBody body = body(connection, method, status, fields);
            return new UpstreamResponse(this, status, fields, body, keepAlive && !body.endsWithConnection());
        }
        throw new MalformedResponseException(
                "the answer sent more than " + MAX_INTERIM_RESPONSES + " interim (1xx) responses");
    }

    private static ResponseBody body(HttpConnection connection, String method, int status, List<String> fields)
            throws IOException {
        if (method.equals("HEAD") || status == 204 || status == 304) {
            return ResponseBody.fixed(connection, 0);
        }
        String coding = UpstreamResponse.first(fields, "transfer-encoding");
        if (coding != null) {
            if (!coding.toLowerCase(Locale.ROOT).strip().endsWith("chunked")) {
                return ResponseBody.untilClose(connection);
            }
            return ResponseBody.chunked(connection);
        }
        String length = UpstreamResponse.first(fields, "content-length");
        if (length == null) {
            return ResponseBody.untilClose(connection);
        }
        try {
            long value = Long.parseLong(length.strip());
            if (value < 0) {
                throw new NumberFormatException();
            }
            return ResponseBody.fixed(connection, value);
        } catch (NumberFormatException e) {
            throw new MalformedResponseException("the response has an invalid Content-Length '" + length + "'");
        }
    }

    private static int status(String line) throws IOException {
        String start = line.substring(0, Math.min(line.length(), 40));
        if (!line.startsWith("HTTP/1.") || line.length() < 12 || line.charAt(8) != ' ') {
            throw new MalformedResponseException("the answer is not HTTP/1.1 (it starts with '" + start + "')");
        }
        try {
            return Integer.parseInt(line.substring(9, 12));
        } catch (NumberFormatException e) {
            throw new MalformedResponseException("the answer has an invalid status line '" + start + "'");
        }
    }

    /** Header fields as name, value, name, value…; names as sent. */
    private static List<String> fields(HttpConnection connection) throws IOException {
        List<String> fields = new ArrayList<>(16);
        for (String line = connection.readLine(MAX_HEAD_LINE);
                !line.isEmpty();
                line = connection.readLine(MAX_HEAD_LINE)) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new MalformedResponseException("the response has a malformed header field line");
            }
            if (fields.size() >= MAX_HEADER_FIELDS * 2) {
                throw new MalformedResponseException(
                        "the response has more than " + MAX_HEADER_FIELDS + " header fields");
            }
            fields.add(line.substring(0, colon).strip());
            fields.add(line.substring(colon + 1).strip());
        }
        return fields;
    }

    private static boolean hasToken(List<String> fields, String name, String token) {
        for (int i = 0; i < fields.size(); i += 2) {
            if (fields.get(i).equalsIgnoreCase(name)) {
                for (String part : fields.get(i + 1).split(",")) {
                    if (part.strip().equalsIgnoreCase(token)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static String checkedName(String name) {
        if (!HeaderFields.validName(name)) {
            throw new IllegalArgumentException("'" + name + "' is not a valid header name");
        }
        return name;
    }

    private static String checkedValue(String name, String value) {
        if (!HeaderFields.validValue(value)) {
            throw new IllegalArgumentException("the value of header " + name + " contains a line break");
        }
        return value;
    }

    @Override
    public void close() {
        closed = true;
        sweeper.interrupt();
        HttpConnection connection;
        while ((connection = idle.pollFirst()) != null) {
            connection.close();
        }
    }
}
